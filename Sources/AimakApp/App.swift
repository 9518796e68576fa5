import Law

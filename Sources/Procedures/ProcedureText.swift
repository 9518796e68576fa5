import Law
import WorkingDays

/// Renders derived lines in Kyrgyz, Russian or English, each with its citation.
public struct ProcedureText: Sendable {
    public let law: LawText
    public var language: Language { law.language }

    public init(model: LegalModel, language: Language) { law = LawText(model: model, language: language) }

    public func arg(_ a: Arg) -> String {
        switch a {
        case .text(let s): s
        case .label(let id): law.label(id)
        case .day(let d): d.description
        case .count(let n): String(n)
        case .value(let v): law.render(v)
        case .phrase(let p): law.phrase(p)
        }
    }

    public func basis(_ b: Basis) -> String {
        switch b {
        case .law(let i): " " + law.citation(i)
        case .unknown(let i): " " + law.citation(i)
        case .silent: ""
        case .calendar: " [" + words("calendar") + "]"
        case .inference(let s): " [" + words("inference") + ": \(s)]"
        }
    }

    /// The sentence without its citation.
    public func sentence(_ l: Line) -> String {
        var t = words(l.key)
        for (i, a) in l.args.enumerated() { t = t.replacingOccurrences(of: "{\(i)}", with: arg(a)) }
        // Some English labels carry their article ("the President"), others not ("district kenesh").
        if language == .en { t = t.replacingOccurrences(of: "the the ", with: "the ").replacingOccurrences(of: "The the ", with: "The ") }
        return t
    }

    /// The sentence with its citation.
    public func render(_ l: Line) -> String { sentence(l) + basis(l.basis) }

    public func words(_ key: String) -> String {
        guard let t = Self.table[key] ?? Self.kinds[key] else { return key }
        switch language { case .ky: return t.0; case .ru: return t.1; case .en: return t.2 }
    }

    public func status(_ s: DeadlineStatus) -> String {
        switch s {
        case .running: words("st-running")
        case .met(let d): words("st-met").replacingOccurrences(of: "{0}", with: d.description)
        case .missed: words("st-missed")
        }
    }

    static let table: [String: (String, String, String)] = [
        "calendar": ("иш күндөрүнүн календары", "календарь рабочих дней", "working-day calendar"),
        "inference": ("корутунду", "вывод", "inference"),
        "rule": ("{0}: {1}", "{0}: {1}", "{0}: {1}"),
        "rule-unknown": ("{0}: мыйзамда бар, бирок маани маалыматта жок", "{0}: есть в законе, но значение не установлено", "{0}: set by the law, but its value is not in the data"),
        "rule-silent": ("{0}: мыйзам унчукпайт", "{0}: закон молчит", "{0}: the law is silent"),
        "rule-version": ("{0} күнү күчүндө болгон мыйзам колдонулат", "применяется закон в редакции на {0}", "the law as in force on {0} governs"),
        "rule-not-fixed": ("шайлоо тартиби мыйзамда так бекитилген эмес (кеңештин регламенти)", "порядок голосования законом точно не закреплён (регламент кенеша)", "the voting order is not fixed precisely in the law (the kenesh's own rules)"),
        "rule-no-vote": ("{0} дайындоодо кеңештин добуш берүүсү жок", "при назначении: {0} голосование кенеша не предусмотрено", "no kenesh vote in the appointment of the {0}"),
        "rule-may-suspend": ("{0} {1} актыларын токтото алат", "{0} вправе приостанавливать акты: {1}", "the {0} may suspend acts of the {1}"),
        "ev-nominated": ("{0} талапкерлерди сунуштады: {1}", "{0} внес кандидатуры: {1}", "the {0} nominated: {1}"),
        "ev-withdrawn": ("{0} талапкерлигин алып салды", "{0} снял кандидатуру", "{0} withdrew"),
        "silent-too-few": ("{0} талапкер калды, мыйзам {1} талап кылат; андан аркы тартиби жөнүндө мыйзам унчукпайт", "осталось кандидатов: {0}, закон требует не менее {1}; о дальнейшем закон молчит", "{0} candidates remain where the law requires {1}; the law is silent on what follows"),
        "silent-runoff-one": ("экинчи турда бир талапкер калды ({0}); мыйзам унчукпайт", "во втором туре остался один кандидат ({0}); закон молчит", "one candidate is left for the run-off ({0}); the law is silent"),
        "ev-sitting": ("{0} отуруму: {1} депутат катышты, жалпы саны {2}", "заседание: {0}; присутствует {1} из {2} депутатов", "sitting of the {0}: {1} of {2} deputies present"),
        "quorum-met": ("кворум бар: {0} ≥ {2} ({1} ичинен)", "кворум есть: {0} ≥ {2} (из {1})", "quorum met: {0} present, at least {2} of {1} needed"),
        "quorum-not-met": ("кворум жок: {0} < {2} ({1} ичинен); отурум добуш бере албайт", "кворума нет: {0} < {2} (из {1}); заседание не может голосовать", "no quorum: {0} present, at least {2} of {1} needed; the sitting cannot vote"),
        "quorum-base-unstated": ("кворумдун негизи мыйзамда айтылган эмес; текшерилген жок ({0}/{1})", "база кворума в законе не указана; не проверено ({0}/{1})", "the law does not say what the quorum is counted on; not checked ({0} of {1})"),
        "quorum-unknown": ("кворум мыйзамда бар, бирок маалыматта жок; текшерилген жок ({0}/{1})", "кворум установлен законом, но не известен; не проверено ({0}/{1})", "the quorum is set by the law but not in the data; not checked ({0} of {1} present)"),
        "quorum-silent": ("кворум жөнүндө мыйзам унчукпайт ({0}/{1})", "о кворуме закон молчит ({0}/{1})", "the law is silent on a quorum ({0} of {1} present)"),
        "ev-result-none": ("отурум эч ким шайланбады деп жарыялады", "заседание объявило, что никто не избран", "the sitting declared no one chosen"),
        "ev-result": ("отурум {0} шайланды деп жарыялады", "заседание объявило избранным: {0}", "the sitting declared {0} chosen"),
        "ev-agreed": ("{0} {1} боюнча макулдашты", "{0} согласовал кандидатуру: {1}", "the {0} agreed to {1}"),
        "ev-disagreed": ("{0} макулдашкан жок", "{0} не согласовал кандидатуру", "the {0} did not agree"),
        "silent-disagreement": ("макулдашылбаса эмне болору жөнүндө мыйзам унчукпайт; жаңы талапкер сунушталышы мүмкүн", "о последствиях несогласования закон молчит; может быть внесена новая кандидатура", "the law is silent on what follows a refusal to agree; a new candidate may be proposed"),
        "ev-appointed": ("{0} {1} дайындады: {2}", "{0} назначил {1}: {2}", "the {0} appointed {1} as {2}"),
        "ev-refused": ("{0} дайындоодон баш тартты", "{0} отказал в назначении", "the {0} refused to appoint"),
        "silent-refusal": ("баш тартуудан кийинки тартип жөнүндө мыйзам унчукпайт; жаңы сунуш менен процедура кайра башталат", "о порядке после отказа закон молчит; процедура начинается снова с нового представления", "the law is silent on what follows a refusal; the procedure starts again with a new nomination"),
        "ev-fallback": ("колдонулду: {0}", "применено: {0}", "applied: {0}"),
        "ev-ballot": ("{0}-тур, жашыруун добуш берүү: {1}; каршы {2}, бош {3}, жараксыз {4}", "тур {0}, тайное голосование: {1}; против {2}, пустых {3}, недействительных {4}", "round {0}, ballots: {1}; against {2}, blank {3}, invalid {4}"),
        "decision-base-unstated": ("көпчүлүк кимдин санынан эсептелери мыйзамда айтылган эмес: отурумдун жарыялаган жыйынтыгын жазыңыз", "закон не указывает, от какого числа считается большинство: запишите объявленный заседанием результат", "the law does not say what the majority is counted on: record the result the sitting declared"),
        "decision-unknown": ("чечим үчүн көпчүлүк маалыматта жок: отурумдун жарыялаган жыйынтыгын жазыңыз", "необходимое большинство не установлено: запишите объявленный заседанием результат", "the majority needed is not in the data: record the result the sitting declared"),
        "decision-met": ("{0} шайланды: {1} добуш, керектүүсү {2} ({3} ичинен)", "избран(а) {0}: {1} голосов при необходимых {2} (из {3})", "{0} is chosen: {1} votes, {2} of {3} needed"),
        "decision-not-met": ("эч бир талапкер {0} добуш ({1} ичинен) ала алган жок", "ни один кандидат не набрал {0} голосов (из {1})", "no candidate reached {0} votes (of {1})"),
        "silent-tie": ("экинчи орун үчүн добуштар тең: {0}; мыйзам бул учурда унчукпайт, экинчи турга ушулардын ичинен экөө чыгат", "равенство голосов за второе место: {0}; закон молчит, во второй тур выходят двое из них", "a tie for the run-off places: {0}; the law is silent on breaking it; two of them go to the run-off"),
        "runoff-between": ("экинчи тур: {0}", "второй тур: {0}", "run-off between {0}"),
        "silent-second-round": ("экинчи тур жөнүндө мыйзам унчукпайт", "о втором туре закон молчит", "the law is silent on a second round"),
        "unknown-second-round": ("экинчи тур мыйзамда бар, маалыматта жок", "второй тур установлен законом, но неизвестен", "a second round is set by the law but not in the data"),
        "vote-failed": ("талапкер шайланган жок", "кандидат не избран", "no candidate was chosen"),
        "vote-failed-twice": ("экинчи турда да талапкер шайланган жок", "кандидат не избран и во втором туре", "no candidate was chosen in the second round either"),
        "sum-nomination": ("{0} кызматына талапкерлер күтүлүүдө", "ожидается внесение кандидатур на должность: {0}", "waiting for nominations for {0}"),
        "sum-voting": ("{0} добуш берет; талапкерлер: {1}", "голосует {0}; кандидаты: {1}", "the {0} votes; candidates: {1}"),
        "sum-runoff": ("экинчи тур: {0}", "второй тур: {0}", "run-off: {0}"),
        "sum-result-needed": ("отурумдун жарыялаган жыйынтыгы күтүлүүдө", "ожидается запись объявленного результата", "waiting for the declared result"),
        "sum-vote-failed": ("{0} талапкерди шайлаган жок", "{0} не избрал кандидата", "the {0} chose no candidate"),
        "sum-agreement": ("{0}: {1} менен макулдашуу күтүлүүдө", "{0}: ожидается согласование ({1})", "{0}: waiting for agreement of {1}"),
        "sum-appointment": ("{0}: {1} дайындоосу күтүлүүдө", "{0}: ожидается назначение ({1})", "{0}: waiting for appointment by the {1}"),
        "sum-appointed": ("{0} {1} болуп {2} дайындалды", "{0} назначен(а): {1}, {2}", "{0} appointed {1} on {2}"),
        "sum-refused": ("дайындоодон баш тартылды; жаңы сунуш күтүлүүдө", "в назначении отказано; ожидается новое представление", "refused; waiting for a new nomination"),
        "sum-fallback": ("процедура мыйзамдагы запастагы жол менен бүттү", "процедура завершена резервным порядком закона", "ended by the law's fallback"),
        "next-nominate": ("талапкерлерди сунуштайт: {0}", "вносит кандидатуры: {0}", "nominate candidates: {0}"),
        "next-nominate-unknown": ("талапкерлерди сунуштоо (ким сунуштаары маалыматта жок)", "внесение кандидатур (кто вносит, не установлено)", "nominate candidates (who puts them forward is not in the data)"),
        "next-at-least": ("кеминде {0} талапкер", "не менее {0} кандидатов", "at least {0} candidates"),
        "next-ballot": ("{0}-тур добуш берүү", "голосование, тур {0}", "ballot, round {0}"),
        "next-sitting": ("{0} отурумун каттоо (катышкандар жана жалпы сан)", "заседание: {0} (присутствующие и общее число)", "a sitting of the {0} (present and total seats)"),
        "next-withdraw": ("талапкер өз талапкерлигин алып салышы мүмкүн", "кандидат может снять свою кандидатуру", "a candidate may withdraw"),
        "next-result": ("отурумдун жарыялаган жыйынтыгын жазуу", "записать объявленный заседанием результат", "record the result the sitting declared"),
        "next-fallback-nominate": ("{0} {1} иш күнүнүн ичинде жаңы талапкерлерди сунуштайт", "{0} вносит новые кандидатуры в течение {1} рабочих дней", "the {0} proposes new candidates within {1} working days"),
        "next-renominate": ("жаңы талапкерлер (мыйзам мөөнөт бербейт)", "новые кандидатуры (срок законом не установлен)", "new candidates (the law gives no time)"),
        "next-fallback": ("запастагы жол: {0}", "резервный порядок: {0}", "fallback: {0}"),
        "next-agree": ("{0} менен макулдашуу", "согласование: {0}", "agreement of the {0}"),
        "next-appoint": ("{0} {1} дайындайт", "{0} назначает: {1}", "the {0} appoints the {1}"),
        "next-refuse": ("же дайындоодон баш тартат", "или отказывает в назначении", "or refuses"),
        "dl-new-candidates": ("{0} {1} иш күнүнүн ичинде жаңы талапкерлерди сунуштайт ({2} шайланбагандан кийин)", "{0} вносит новые кандидатуры в течение {1} рабочих дней (после неизбрания {2})", "the {0} proposes new candidates within {1} working days of the failed vote on {2}"),
        "dl-unknown": ("{0}: мыйзамда бар, маани маалыматта жок; эсептелбейт", "{0}: установлен законом, значение неизвестно; не рассчитывается", "{0}: set by the law, value not in the data; cannot be counted"),
        "st-running": ("мөөнөт жүрүүдө", "срок идёт", "running"),
        "st-met": ("аткарылды {0}", "выполнено {0}", "met on {0}"),
        "st-missed": ("мөөнөтү өттү", "срок пропущен", "missed"),
        "sum-ov-registration": ("акт катталган жок", "акт не зарегистрирован", "no act registered yet"),
        "sum-ov-registered": ("{0} актысы күчүндө", "акт ({0}) действует", "the act of the {0} is in force"),
        "sum-ov-suspended": ("{0} актысы токтотулду", "действие акта ({0}) приостановлено", "the act of the {0} is suspended"),
        "sum-ov-in-court": ("иш сотто; токтотуу күчүндө", "дело в суде; приостановление действует", "before the court; the suspension stands"),
        "sum-ov-decided": ("соттун чечими бар", "решение суда вынесено", "the court has decided"),
        "sum-ov-annulled": ("акт жокко чыгарылды", "акт отменён", "the act is annulled"),
        "sum-ov-restored": ("токтотуу алынды; акт кайра күчүндө", "приостановление снято; акт вновь действует", "the suspension is lifted; the act applies again"),
        "ov-registered": ("{0} актысы катталды: {1}", "зарегистрирован акт ({0}): {1}", "act of the {0} registered: {1}"),
        "ov-suspended": ("{0} актыны токтотту; негиз: {1}", "{0} приостановил акт; основание: {1}", "the {0} suspended the act as contrary to {1}"),
        "ov-who-unknown": ("ким токтото алары маалыматта жок: текшерилген жок", "кто вправе приостанавливать, не установлено: не проверено", "who may suspend is not in the data: not checked"),
        "ov-who-unchecked": ("ким токтото алары текшерилген жок", "полномочие не проверено", "the power to suspend was not checked"),
        "ov-notified": ("прокуратурага кабарланды {0}", "прокуратура уведомлена {0}", "the prosecutor's office notified on {0}"),
        "ov-appealed": ("{0} {1} даттанды", "{0} обжаловал в {1}", "the {0} appealed to the {1}"),
        "ov-decided-suspension-upheld": ("сот токтотууну туура деп тапты; чечим {0} күчүнө кирет", "суд признал приостановление обоснованным; решение вступает в силу {0}", "the court upheld the suspension; the decision enters into force on {0}"),
        "ov-decided-suspension-overturned": ("сот токтотууну жокко чыгарды; чечим {0} күчүнө кирет", "суд отменил приостановление; решение вступает в силу {0}", "the court overturned the suspension; the decision enters into force on {0}"),
        "ov-repealed-by-body": ("актыны аны кабыл алган орган өзү жокко чыгарды", "акт отменён принявшим его органом", "the body that adopted the act repealed it itself"),
        "ov-lifted-silent": ("токтотууну соттон мурда алуу жөнүндө мыйзам унчукпайт", "о снятии приостановления до суда закон молчит", "the law is silent on lifting a suspension before a court decision"),
        "ov-annulled": ("акт жокко чыгарылды ({0})", "акт отменён ({0})", "the act is annulled ({0})"),
        "ov-restored": ("токтотуу алынды ({0})", "приостановление снято ({0})", "the suspension is lifted ({0})"),
        "ov-next-register": ("актыны каттоо", "зарегистрировать акт", "register the act"),
        "ov-next-suspend": ("токтото алат: {0}, мыйзамга же актыга каршы келсе (негизин атаңыз)", "может приостановить: {0}, если акт противоречит закону (назовите основание)", "suspend, by {0}, naming the law or act it contradicts"),
        "ov-next-suspend-unknown": ("токтотуу (ким токтото алары маалыматта жок)", "приостановление (кто вправе, не установлено)", "suspend (who may is not in the data)"),
        "ov-next-body-repeals": ("{0} актыны өзү жокко чыгара алат", "{0} может сам отменить акт", "the {0} may repeal its act itself"),
        "ov-next-notify": ("прокуратурага кабарлоо", "уведомить прокуратуру", "notify the prosecutor's office"),
        "ov-next-appeal": ("{0} сотко даттана алат", "{0} может обжаловать в суд", "the {0} may appeal to the court"),
        "ov-next-lift": ("токтотууну алуу (мыйзам унчукпайт)", "снять приостановление (закон молчит)", "lift the suspension (the law is silent)"),
        "ov-next-court": ("соттун чечимин жана анын күчүнө кирген күнүн жазуу", "записать решение суда и дату вступления в силу", "record the court's decision and the day it enters into force"),
        "ov-next-annul": ("{0} баштап актыны жокко чыгаруу", "отменить акт с {0}", "annul the act (from {0})"),
        "ov-next-restore": ("{0} баштап токтотууну алуу", "снять приостановление с {0}", "lift the suspension (from {0})"),
        "dl-notify": ("токтотуу менен бир учурда прокуратурага кабарлоо ({0})", "уведомить прокуратуру одновременно с приостановлением ({0})", "notify the prosecutor at the same time as the suspension ({0})"),
        "dl-notify-silent": ("прокуратурага кабарлоо мөөнөтү жөнүндө мыйзам унчукпайт", "о сроке уведомления прокуратуры закон молчит", "the law is silent on when the prosecutor is notified"),
        "dl-appeal-silent": ("даттануу мөөнөтү жөнүндө мыйзам унчукпайт", "о сроке обжалования закон молчит", "the law is silent on a time limit for the appeal"),
        "rp-scheduled": ("{0}-жылдын отчету {1} күнгө белгиленди", "отчёт за {0} год назначен на {1}", "the {0} report is set for {1}"),
        "rp-delivered": ("{0} {1}-жыл үчүн {2} алдында отчет берди", "{0} отчитался за {1} год перед: {2}", "the {0} reported for {1} to the {2}"),
        "rp-not-required": ("{0}: {1} {2} алдында отчет берүүгө милдеттүү эмес", "{0}: обязанность отчёта ({1} перед {2}) законом не установлена", "{0}: the law in force requires no report of the {1} to the {2}"),
        "rp-required": ("{0}: {1} {2} алдында отчет берет ({3})", "{0}: {1} отчитывается перед {2} ({3})", "{0}: the {1} reports to the {2} ({3})"),
        "dl-report": ("{0}-жылдын отчету", "отчёт за {0} год", "the report for {0}"),
        "rp-next-deliver": ("{0}-жылдын отчетун берүү", "представить отчёт за {0} год", "deliver the report for {0}"),
        "rp-next-schedule": ("{0}-жылдын отчетунун күнүн белгилөө", "назначить дату отчёта за {0} год", "set the day of the {0} report"),
        "sum-rp-overdue": ("{0} {1} алдында: {2} отчеттун мөөнөтү өттү", "{0} перед {1}: просрочено отчётов — {2}", "the {0} to the {1}: {2} report(s) overdue"),
        "sum-rp-up-to-date": ("{0} {1} алдында: мөөнөтү өткөн отчет жок", "{0} перед {1}: просроченных отчётов нет", "the {0} to the {1}: no report overdue"),
        "co-rule": ("{0} ведомстволордун аймактык бөлүмдөрүнүн ишин координациялайт", "{0} координирует деятельность территориальных подразделений", "the {0} coordinates the territorial subdivisions of ministries"),
        "co-no-rule": ("{1} күнү күчүндө болгон мыйзам {0} координациялоо укугун бербейт", "закон на {1} не даёт {0} полномочий координации", "the law in force on {1} gives the {0} no coordinating role"),
        "co-requested": ("{0} {1} сурам жөнөттү ({2}), мөөнөтү {3}", "{0} направил запрос в {1} ({2}), срок {3}", "the {0} asked {1} for {2}, due {3}"),
        "co-answered": ("жооп келди {0}", "ответ получен {0}", "answered on {0}"),
        "co-withdrawn": ("сурам кайтарылып алынды {0}", "запрос отозван {0}", "withdrawn on {0}"),
        "co-next-answer": ("{0} жооп берет", "{0} отвечает", "{0} answers"),
        "co-next-withdraw": ("же сурам кайтарылып алынат", "или запрос отзывается", "or the request is withdrawn"),
        "co-next-request": ("{0} сурам жөнөтөт (мөөнөтү менен)", "{0} направляет запрос (со сроком)", "the {0} sends a request (with its due date)"),
        "dl-answer": ("{0} жообу", "ответ {0}", "the answer of {0}"),
        "sum-co-drafting": ("сурам жөнөтүлө элек", "запрос ещё не направлен", "no request sent yet"),
        "sum-co-awaiting-answer": ("{0} жообу күтүлүүдө", "ожидается ответ: {0}", "waiting for the answer of {0}"),
        "sum-co-overdue": ("{0} жообунун мөөнөтү өттү", "ответ просрочен: {0}", "the answer of {0} is overdue"),
        "sum-co-answered": ("{0} мөөнөтүндө жооп берди", "{0} ответил в срок", "{0} answered in time"),
        "sum-co-answered-late": ("{0} кечигип жооп берди", "{0} ответил с опозданием", "{0} answered late"),
        "sum-co-withdrawn": ("сурам кайтарылып алынды", "запрос отозван", "the request was withdrawn"),
        // Headings
        "h-state": ("Абалы", "Состояние", "State"),
        "h-rules": ("Колдонулган эрежелер", "Применяемые правила", "Rules applied"),
        "h-next": ("Кийинки кадамдар", "Следующие шаги", "Next steps"),
        "h-deadlines": ("Мөөнөттөр", "Сроки", "Deadlines"),
        "h-history": ("Окуялар", "Ход процедуры", "What happened"),
        "h-none": ("жок", "нет", "none"),
        "h-provisional": ("болжолдуу", "предварительно", "provisional"),
        "h-cannot-count": ("эсептелбейт", "не рассчитывается", "cannot be counted"),
        "m-title": ("ОТУРУМДУН ПРОТОКОЛУ", "ПРОТОКОЛ ЗАСЕДАНИЯ", "MINUTES OF THE SITTING"),
        "m-agenda": ("Күн тартиби: {0} кызматына талапкерлер боюнча жашыруун добуш берүү", "Повестка дня: тайное голосование по кандидатурам на должность: {0}", "Agenda: secret ballot on the candidates for {0}"),
        "m-present": ("Депутаттардын жалпы саны: {0}. Катышкандар: {1}.", "Общее число депутатов: {0}. Присутствуют: {1}.", "Total number of deputies: {0}. Present: {1}."),
        "m-candidates": ("Талапкерлер: {0}", "Кандидаты: {0}", "Candidates: {0}"),
        "m-votes-table": ("| Талапкер | Добуш |", "| Кандидат | Голосов |", "| Candidate | Votes |"),
        "m-against": ("Каршы", "Против", "Against"),
        "m-blank": ("Бош бюллетендер", "Пустые бюллетени", "Blank ballots"),
        "m-invalid": ("Жараксыз бюллетендер", "Недействительные бюллетени", "Invalid ballots"),
        "m-round": ("{0}-тур", "Тур {0}", "Round {0}"),
        "m-none": ("Бул процедурада кеңештин отуруму катталган эмес.", "В этой процедуре не записано ни одного заседания кенеша.", "No sitting of a kenesh is recorded in this procedure."),
        "m-sign": ("Төрага: ____________   Катчы: ____________", "Председатель: ____________   Секретарь: ____________", "Chair: ____________   Secretary: ____________"),
        "m-source": ("Протокол окуялардан түзүлдү; ар бир эреже шилтемеси менен.", "Протокол составлен по записанным событиям; каждое правило со ссылкой.", "Generated from the recorded events; every rule with its citation."),
    ]
}

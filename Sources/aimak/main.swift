import AimakCLI

Aimak.main()

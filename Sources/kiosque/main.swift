import KiosqueCore

KiosqueCommand.main()

import BrobyggerCommands

Brobygger.main()

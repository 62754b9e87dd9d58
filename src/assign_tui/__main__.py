from assign_tui.cli import main

raise SystemExit(main())

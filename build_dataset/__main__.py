from build_dataset.cli import main

raise SystemExit(main())

import sys

from yigcha.cli import main

sys.exit(main())

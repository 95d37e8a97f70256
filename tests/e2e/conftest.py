"""The e2e tests start the loopback server in the test process (tests/ on sys.path)."""

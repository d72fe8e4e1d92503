"""The offline internet for the demo and the tests: fictional trusts and tracker emulators."""

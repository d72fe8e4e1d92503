# Conveniences for those who type `make`; ./dev does the work and needs nothing installed.
.PHONY: demo test bench setup
demo:
	./dev demo
test:
	./dev test
bench:
	./dev bench
setup:
	./dev setup

"""``python -m pipeline.sample``: write deterministic sample landing files."""

from pipeline.cli import main

if __name__ == "__main__":
    main(["sample", *__import__("sys").argv[1:]])

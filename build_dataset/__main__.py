from build_dataset.cli import console

console()

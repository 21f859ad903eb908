"""Publishing a build: row validation, expectations, Parquet, card, datasheet, Croissant, charts, manifest, Hub."""

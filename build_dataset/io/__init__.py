"""Reading inputs: files and folders found and decoded safely, and the input formats (txt, html, jsonl, parquet)."""

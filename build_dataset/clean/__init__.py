"""Cleaning: a scraped page split into title, body and page furniture, hard-wrapped text unwrapped."""

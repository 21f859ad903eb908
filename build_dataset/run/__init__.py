"""Running the pipeline: the build, the per-article stage locally or on Ray, the article cache, progress."""

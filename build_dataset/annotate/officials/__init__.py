"""Officials named in an article: name shapes and spellings, mentions, titles and appositions, the registry."""

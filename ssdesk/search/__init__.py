"""Full-text search over the case file: Vietnamese-aware folding, an FTS5 index kept in step with the data, a small
query language, and a benchmark at the scale of a whole term (100,000 recommendations)."""

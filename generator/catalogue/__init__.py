"""The catalogue: its model, loading content/ and checking it (schemas, elements, ids, phones, citations)."""

"""The imperative shell: load rows, call the domain, persist. Services flush, never commit."""

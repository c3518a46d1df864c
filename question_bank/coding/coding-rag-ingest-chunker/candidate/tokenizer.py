"""Token counting used by the embedding model's limits (whitespace words, close enough here)."""


def tokens(text):
    return text.split()


def count_tokens(text):
    return len(tokens(text))

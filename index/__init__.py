"""Index: stored paragraphs → chunks → embeddings in FAISS beside a Swedish lexical index; search."""

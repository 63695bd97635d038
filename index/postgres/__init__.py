"""The index in PostgreSQL (pgvector + postings): building it (`build`), the tables it writes
(`tables`), searching it (`retrieval`) and moving an embedded data dir there (`migrate`)."""

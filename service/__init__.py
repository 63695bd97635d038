"""Service: cited answers, agenda preparation, the HTTP API and the web page."""

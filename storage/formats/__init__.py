"""File formats: readers turn files into records, shapes turn records into pairs."""

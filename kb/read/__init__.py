"""The read side: what the pages, the JSON API and the exports show, as typed records (types.py).

params.py checks what users send; timeline.py (a page of events, the filters' facets), events.py
(events and one event's details), entities.py (any entity's page, its RDF), articles.py (an
article with its evidence), ontology.py (the ontology page, the example queries) and table.py
(the events as CSV) read the store; wording.py words times for people. Links to pages come from
the caller (types.Links; the web layer's web/urls.py): the read side never writes a URL.
"""

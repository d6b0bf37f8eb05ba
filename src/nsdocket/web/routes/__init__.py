"""Route modules; each route has a name that :data:`nsdocket.web.access.ACCESS` gives a rule."""

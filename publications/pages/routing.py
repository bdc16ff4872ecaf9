"""How a request finds its page: by the page's URL path, in one query, rather than Wagtail's two queries for
each level of the page tree; then Wagtail's own serve view does the rest (hooks, privacy, the page's serve)."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, Site


def find_page(root, path_components):
    """The deepest page under ``root`` whose URL path the components start with, as its specific type, and
    the components left over for it to route (a publication's citation files); Http404 if there is none.
    The page is marked ``is_served_row``: it holds its database row, not a revision a preview shows.

    As in Wagtail's routing, the pages on the way need not be live: only the one found must be.
    """
    candidates = [
        f"{root.url_path}{''.join(f'{c}/' for c in path_components[:end])}" for end in range(len(path_components) + 1)
    ]
    found = (
        Page.objects.filter(url_path__in=candidates, path__startswith=root.path)
        .order_by("-depth")
        .values_list("pk", "depth", "content_type")
        .first()
    )
    if found is None:
        raise Http404
    pk, depth, content_type = found
    model = ContentType.objects.get_for_id(content_type).model_class() or Page
    queryset = model.served_queryset() if hasattr(model, "served_queryset") else model.objects.all()
    page = queryset.get(pk=pk)
    page.is_served_row = True
    return page, path_components[depth - root.depth :]


def route(request, path):
    """Wagtail's route for ``request``, found as ``find_page`` does, and kept on the request where Wagtail
    looks for it."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        try:
            if site is None:
                raise Http404
            page, remaining = find_page(site.root_page, [component for component in path.split("/") if component])
            request._wagtail_route_for_request = page.route(request, remaining)
        except Http404:
            request._wagtail_route_for_request = None
    return request._wagtail_route_for_request


def serve(request, path):
    """Wagtail's serve view, with the page found in one query."""
    route(request, path)
    return wagtail_views.serve(request, path)

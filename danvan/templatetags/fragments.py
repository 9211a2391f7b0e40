"""``{% fragment %}``: a part of a page cached under the content generation (danvan/fragments.py).

    {% load fragments %}
    {% fragment "related" article.pk %} … {% endfragment %}
    {% fragment "most-read" seconds=60 %} … {% endfragment %}

The first argument names the fragment; the others are the values it depends on (model
instances count by their id). ``seconds=N`` also renews it every N seconds, for what
changes without a save (view counts). Inside a staff preview the contents are always
rendered, never stored.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from danvan.fragments import cached_fragment, fragment_key
from danvan.siteurl import site_root

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, vary, seconds, nodelist):
        self.name, self.vary, self.seconds, self.nodelist = name, vary, seconds, nodelist

    def render(self, context):
        if context.get("preview"):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        seconds = self.seconds.resolve(context) if self.seconds is not None else None
        key = fragment_key(name, vary, root=site_root(context.get("request")), seconds=seconds)
        # The contents render with the context as it is here, only when nothing is stored:
        # lazy values in the context (the views') are then read only on a miss.
        return mark_safe(cached_fragment(key, lambda: self.nodelist.render(context)))


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% fragment %} needs a name: {% fragment "name" value … %}')
    seconds = None
    vary = []
    for bit in bits[2:]:
        if bit.startswith("seconds="):
            seconds = parser.compile_filter(bit.removeprefix("seconds="))
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), vary, seconds, nodelist)

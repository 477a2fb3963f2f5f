"""The admin home's to-do sections (projects.admin.todo), built for the user at hand."""

from django import template

from projects.admin import todo

register = template.Library()


@register.simple_tag(takes_context=True)
def todo_sections(context):
    return todo.sections(context["request"])

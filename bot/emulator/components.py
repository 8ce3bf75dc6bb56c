"""Finding components in a message, and filling in a modal the bot opened."""

from __future__ import annotations

from collections.abc import Iterator

from bot.emulator.errors import EmulatorError, UnknownEntity

ACTION_ROW, TEXT_INPUT, LABEL = 1, 4, 18
SELECTS = {3, 5, 6, 7, 8}


def walk(components: list[dict]) -> Iterator[dict]:
    """Every component, depth first, through rows, containers, sections and labels."""
    for component in components:
        yield component
        yield from walk(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from walk([component[key]])


def find_component(components: list[dict], custom_id: str) -> dict:
    for component in walk(components):
        if component.get("custom_id") == custom_id:
            return component
    known = [c["custom_id"] for c in walk(components) if "custom_id" in c]
    raise UnknownEntity("component", custom_id, known)


def modal_submission(modal: dict, values: dict[str, str | list[str]]) -> list[dict]:
    """The ``components`` of a MODAL_SUBMIT, mirroring the layout of the modal that was sent."""
    unknown = set(values) - {c.get("custom_id") for c in walk(modal.get("components") or [])}
    if unknown:
        raise EmulatorError(f"modal {modal.get('custom_id')!r} has no field {sorted(unknown)}")
    return [_submitted(component, values) for component in modal.get("components") or []]


def _submitted(component: dict, values: dict) -> dict:
    kind = component.get("type")
    if kind == ACTION_ROW:
        children = component.get("components") or []
        return {"type": ACTION_ROW, "components": [_submitted(c, values) for c in children]}
    if kind == LABEL:
        return {"type": LABEL, "component": _submitted(component["component"], values)}
    custom_id = component.get("custom_id")
    if kind == TEXT_INPUT:
        return {"type": TEXT_INPUT, "custom_id": custom_id, "value": str(values.get(custom_id, ""))}
    if kind in SELECTS:
        chosen = values.get(custom_id, [])
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        return {"type": kind, "custom_id": custom_id, "values": chosen}
    return {"type": kind, "id": component.get("id")}

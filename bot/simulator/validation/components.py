"""Message components (classic action rows and a components-v2 subset) and modal components."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from bot.simulator.validation import limits as L
from bot.simulator.validation._core import (
    Path,
    Report,
    absent,
    choice_error,
    coerce_int,
    dict_items,
    get,
    read_bool,
    read_choice,
    read_dict,
    read_int,
    read_int_set,
    read_list,
    read_snowflake,
    read_str,
    read_url,
    required,
    show,
    union_error,
)

SELECTS: Final = (L.STRING_SELECT, L.USER_SELECT, L.ROLE_SELECT, L.MENTIONABLE_SELECT, L.CHANNEL_SELECT)
ROW_CHILDREN: Final = (L.BUTTON, *SELECTS)  # ActionRowComponentForMessageRequest.components oneOf
V2_TOP: Final = (L.ACTION_ROW, L.SECTION, L.TEXT_DISPLAY, L.MEDIA_GALLERY, L.FILE, L.SEPARATOR, L.CONTAINER)
V2_IN_CONTAINER: Final = (L.ACTION_ROW, L.SECTION, L.TEXT_DISPLAY, L.MEDIA_GALLERY, L.FILE, L.SEPARATOR)
SECTION_ACCESSORIES: Final = (L.BUTTON, L.THUMBNAIL)  # SectionComponentForMessageRequest.accessory oneOf
MODAL_TOP: Final = (L.ACTION_ROW, L.LABEL, L.TEXT_DISPLAY)  # ModalInteractionCallbackRequestData.components
LABEL_CHILDREN: Final = (  # LabelComponentForModalRequest.component oneOf
    L.STRING_SELECT, L.TEXT_INPUT, L.USER_SELECT, L.ROLE_SELECT, L.MENTIONABLE_SELECT, L.CHANNEL_SELECT,
    L.FILE_UPLOAD, L.RADIO_GROUP, L.CHECKBOX_GROUP, L.CHECKBOX,
)  # fmt: skip
DEFAULT_VALUE_TYPES: Final[dict[int, tuple[str, ...]]] = {  # *SelectDefaultValue.type per select type
    L.USER_SELECT: ("user",),
    L.ROLE_SELECT: ("role",),
    L.MENTIONABLE_SELECT: ("user", "role"),
    L.CHANNEL_SELECT: ("channel",),
}
HTTP: Final = ("http", "https")
MEDIA_SCHEMES: Final = ("http", "https", "attachment")
BUTTON_SCHEMES: Final = ("http", "https", "discord")


@dataclass
class _Walk:
    """State shared across one message's or modal's component tree."""

    r: Report
    custom_ids: set[str] = field(default_factory=set)
    count: int = 0  # components seen, for the components-v2 total

    def claim(self, custom_id: str | None, path: Path) -> None:
        """custom_ids must be unique within a message (or a modal), disabled components included."""
        if custom_id is None:
            return
        if custom_id in self.custom_ids:
            self.r.add(path, "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
        self.custom_ids.add(custom_id)


def check_message_components(r: Report, value: Any, path: Path, *, v2: bool) -> None:
    """``components`` of a message: ≤ 5 action rows, or with IS_COMPONENTS_V2 a ≤ 40-component layout."""
    items = read_list(r, value, path, max_items=L.COMPONENTS_V2_TOTAL_MAX if v2 else L.ACTION_ROWS_MAX)
    if items is None:
        return
    walk = _Walk(r)
    for index, component in dict_items(r, items, path):
        _message_component(walk, component, (*path, index), V2_TOP if v2 else (L.ACTION_ROW,))
    if v2 and walk.count > L.COMPONENTS_V2_TOTAL_MAX:
        r.add(
            path,
            "MAX_COMPONENTS_EXCEEDED",
            f"Must be {L.COMPONENTS_V2_TOTAL_MAX} or fewer components in total.",
        )


def check_modal(r: Report, data: dict[str, Any], path: Path) -> None:
    """The ``data`` of a MODAL callback: custom_id, title and 1..5 rows/labels/texts."""
    read_str(r, get(data, "custom_id"), (*path, "custom_id"), required_=True, min_len=1, max_len=L.CUSTOM_ID_MAX)
    read_str(r, get(data, "title"), (*path, "title"), required_=True, min_len=1, max_len=L.MODAL_TITLE_MAX)
    items = read_list(
        r, get(data, "components"), (*path, "components"), required_=True, min_items=1, max_items=L.MODAL_COMPONENTS_MAX
    )
    if items is None:
        return
    walk = _Walk(r)
    for index, component in dict_items(r, items, (*path, "components")):
        where = (*path, "components", index)
        kind = _kind(walk, component, where, MODAL_TOP)
        if kind == L.ACTION_ROW:
            _row(walk, component, where, (L.TEXT_INPUT,))
        elif kind == L.LABEL:
            _label(walk, component, where)
        elif kind == L.TEXT_DISPLAY:
            _text_display(walk, component, where)


# --- Dispatch --------------------------------------------------------------------------------------------


def _kind(walk: _Walk, component: dict[str, Any], path: Path, allowed: tuple[int, ...]) -> int | None:
    """The component's type if it is allowed here; UNION_TYPE_CHOICES on the component otherwise."""
    raw = get(component, "type")
    if absent(raw):
        required(walk.r, (*path, "type"))
        return None
    kind = coerce_int(raw)
    if kind is None:
        walk.r.add((*path, "type"), "NUMBER_TYPE_COERCE", f'Value "{show(raw)}" is not int.')
        return None
    if kind not in allowed:
        union_error(walk.r, path, allowed)
        return None
    walk.count += 1
    read_int(walk.r, get(component, "id"), (*path, "id"), minimum=0, maximum=L.UINT31_MAX)
    return kind


def _message_component(walk: _Walk, component: dict[str, Any], path: Path, allowed: tuple[int, ...]) -> None:
    kind = _kind(walk, component, path, allowed)
    if kind == L.ACTION_ROW:
        _row(walk, component, path, ROW_CHILDREN)
    elif kind == L.BUTTON:
        _button(walk, component, path)
    elif kind in SELECTS:
        _select(walk, component, path, kind)
    elif kind == L.SECTION:
        _section(walk, component, path)
    elif kind == L.TEXT_DISPLAY:
        _text_display(walk, component, path)
    elif kind == L.THUMBNAIL:
        _thumbnail(walk, component, path)
    elif kind == L.MEDIA_GALLERY:
        _gallery(walk, component, path)
    elif kind == L.FILE:
        _file(walk, component, path)
    elif kind == L.SEPARATOR:
        read_choice(walk.r, get(component, "spacing"), (*path, "spacing"), L.SEPARATOR_SPACINGS)
        read_bool(walk.r, get(component, "divider"), (*path, "divider"))
    elif kind == L.CONTAINER:
        _container(walk, component, path)


def _row(walk: _Walk, row: dict[str, Any], path: Path, allowed: tuple[int, ...]) -> None:
    """An action row: 1..5 buttons, or exactly one select / text input (each of those is 5 wide)."""
    where = (*path, "components")
    items = read_list(walk.r, get(row, "components"), where, required_=True, min_items=1, max_items=L.ACTION_ROW_WIDTH)
    if items is None:
        return
    width = 0
    for index, child in dict_items(walk.r, items, where):
        kind = _kind(walk, child, (*where, index), allowed)
        if kind is None:
            continue
        width += 1 if kind == L.BUTTON else L.ACTION_ROW_WIDTH
        if width > L.ACTION_ROW_WIDTH and len(items) <= L.ACTION_ROW_WIDTH:
            walk.r.add(
                (*where, index),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        if kind == L.BUTTON:
            _button(walk, child, (*where, index))
        elif kind == L.TEXT_INPUT:
            _text_input(walk, child, (*where, index), in_label=False)
        else:
            _select(walk, child, (*where, index), kind)


# --- Interactive components ------------------------------------------------------------------------------


def _custom_id(walk: _Walk, component: dict[str, Any], path: Path, *, required_: bool = True) -> None:
    custom_id = read_str(
        walk.r,
        get(component, "custom_id"),
        (*path, "custom_id"),
        required_=required_,
        min_len=L.CUSTOM_ID_MIN,
        max_len=L.CUSTOM_ID_MAX,
    )
    walk.claim(custom_id, (*path, "custom_id"))


def _not_allowed(walk: _Walk, component: dict[str, Any], path: Path, key: str, style: int) -> None:
    if not absent(get(component, key)):
        walk.r.add(
            (*path, key),
            "BUTTON_COMPONENT_FIELD_NOT_ALLOWED",
            f"This field cannot be used with button style {style}.",
        )


def _button(walk: _Walk, button: dict[str, Any], path: Path) -> None:
    """Styles 1-4 carry a custom_id, 5 (link) a url, 6 (premium) a sku_id and nothing else."""
    r = walk.r
    style = read_choice(r, get(button, "style"), (*path, "style"), L.BUTTON_STYLES, required_=True)
    label = read_str(r, get(button, "label"), (*path, "label"), max_len=L.BUTTON_LABEL_MAX)
    has_emoji = _emoji(r, get(button, "emoji"), (*path, "emoji"))
    read_bool(r, get(button, "disabled"), (*path, "disabled"))
    if style is None:
        return
    if style == L.BUTTON_STYLE_LINK:
        if absent(get(button, "url")):
            r.add((*path, "url"), "BUTTON_COMPONENT_URL_REQUIRED", "A url is required")
        else:
            read_url(r, get(button, "url"), (*path, "url"), max_len=L.BUTTON_URL_MAX, schemes=BUTTON_SCHEMES)
        for key in ("custom_id", "sku_id"):
            _not_allowed(walk, button, path, key, style)
    elif style == L.BUTTON_STYLE_PREMIUM:
        if absent(get(button, "sku_id")):
            r.add((*path, "sku_id"), "BUTTON_COMPONENT_SKU_ID_REQUIRED", "A sku id is required")
        else:
            read_snowflake(r, get(button, "sku_id"), (*path, "sku_id"))
        for key in ("custom_id", "url", "label", "emoji"):
            _not_allowed(walk, button, path, key, style)
        return
    else:
        if absent(get(button, "custom_id")):
            r.add((*path, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id is required")
        else:
            _custom_id(walk, button, path)
        for key in ("url", "sku_id"):
            _not_allowed(walk, button, path, key, style)
    if not label and not has_emoji:
        r.add(path, "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or an emoji is required")


def _emoji(r: Report, value: Any, path: Path) -> bool:
    """A partial emoji: a custom one by id, or a unicode one by name. True if one is given."""
    emoji = read_dict(r, value, path)
    if emoji is None:
        return False
    snowflake = read_snowflake(r, get(emoji, "id"), (*path, "id"))
    name = read_str(r, get(emoji, "name"), (*path, "name"), max_len=L.EMOJI_NAME_MAX)
    read_bool(r, get(emoji, "animated"), (*path, "animated"))
    if absent(get(emoji, "id")) and not name:
        if absent(get(emoji, "name")) or name == "":
            required(r, (*path, "name"))
        return False
    return snowflake is not None or bool(name)


def _select(walk: _Walk, select: dict[str, Any], path: Path, kind: int) -> None:
    """Any select menu; string selects need options, the others may carry default_values."""
    r = walk.r
    _custom_id(walk, select, path)
    read_str(r, get(select, "placeholder"), (*path, "placeholder"), max_len=L.SELECT_PLACEHOLDER_MAX)
    low = read_int(r, get(select, "min_values"), (*path, "min_values"), minimum=0, maximum=L.SELECT_MIN_VALUES_MAX)
    high = read_int(
        r,
        get(select, "max_values"),
        (*path, "max_values"),
        minimum=L.SELECT_MAX_VALUES_MIN,
        maximum=L.SELECT_MAX_VALUES_MAX,
    )
    read_bool(r, get(select, "disabled"), (*path, "disabled"))
    read_bool(r, get(select, "required"), (*path, "required"))
    if kind == L.STRING_SELECT:
        count = _select_options(walk, select, path)
        if count:
            if high is not None and high > count:
                r.add(
                    (*path, "max_values"),
                    "NUMBER_TYPE_MAX",
                    f"int value should be less than or equal to {count}.",
                )
                high = None
            if low is not None and low > count:
                r.add(
                    (*path, "min_values"),
                    "NUMBER_TYPE_MAX",
                    f"int value should be less than or equal to {count}.",
                )
                low = None
    else:
        _default_values(r, get(select, "default_values"), (*path, "default_values"), DEFAULT_VALUE_TYPES[kind])
        if kind == L.CHANNEL_SELECT:
            read_int_set(r, get(select, "channel_types"), (*path, "channel_types"), L.CHANNEL_TYPES)
    effective_low = 1 if absent(get(select, "min_values")) else low
    effective_high = 1 if absent(get(select, "max_values")) else high
    if effective_low is not None and effective_high is not None and effective_low > effective_high:
        r.add(
            (*path, "min_values"),
            "NUMBER_TYPE_MAX",
            f"int value should be less than or equal to {effective_high}.",
        )


def _select_options(walk: _Walk, select: dict[str, Any], path: Path) -> int:
    """Validates a string select's options; returns how many there are (0 when unusable)."""
    r = walk.r
    where = (*path, "options")
    options = read_list(
        r, get(select, "options"), where, required_=True, min_items=L.SELECT_OPTIONS_MIN, max_items=L.SELECT_OPTIONS_MAX
    )
    if options is None:
        return 0
    values: set[str] = set()
    for index, option in dict_items(r, options, where):
        value = _option_fields(r, option, (*where, index))
        _emoji(r, get(option, "emoji"), (*where, index, "emoji"))
        if value is not None:
            if value in values:
                r.add(
                    (*where, index),
                    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    "The specified option value is already used",
                )
            values.add(value)
    return len(options)


def _option_fields(r: Report, option: dict[str, Any], path: Path) -> str | None:
    """label / value / description / default, shared by select, radio and checkbox-group options."""
    top = L.SELECT_OPTION_TEXT_MAX
    read_str(r, get(option, "label"), (*path, "label"), required_=True, min_len=1, max_len=top)
    value = read_str(r, get(option, "value"), (*path, "value"), required_=True, min_len=1, max_len=top)
    read_str(r, get(option, "description"), (*path, "description"), max_len=top)
    read_bool(r, get(option, "default"), (*path, "default"))
    return value


def _default_values(r: Report, value: Any, path: Path, types: tuple[str, ...]) -> None:
    items = read_list(r, value, path, max_items=L.SELECT_DEFAULT_VALUES_MAX)
    if items is None:
        return
    for index, item in dict_items(r, items, path):
        kind = read_str(r, get(item, "type"), (*path, index, "type"), required_=True)
        if kind is not None and kind not in types:
            choice_error(r, (*path, index, "type"), types)
        read_snowflake(r, get(item, "id"), (*path, index, "id"), required_=True)


# --- Components v2 ---------------------------------------------------------------------------------------


def _text_display(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    read_str(
        walk.r, get(component, "content"), (*path, "content"), required_=True, min_len=1, max_len=L.TEXT_DISPLAY_MAX
    )


def _media(r: Report, value: Any, path: Path, schemes: tuple[str, ...]) -> None:
    """An UnfurledMediaRequest: just a url, which may point at an uploaded attachment."""
    media = read_dict(r, value, path, required_=True)
    if media is not None:
        read_url(r, get(media, "url"), (*path, "url"), max_len=L.MEDIA_URL_MAX, schemes=schemes, required_=True)


def _thumbnail(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    r = walk.r
    _media(r, get(component, "media"), (*path, "media"), MEDIA_SCHEMES)
    read_str(r, get(component, "description"), (*path, "description"), min_len=1, max_len=L.MEDIA_DESCRIPTION_MAX)
    read_bool(r, get(component, "spoiler"), (*path, "spoiler"))


def _gallery(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    r = walk.r
    where = (*path, "items")
    items = read_list(
        r, get(component, "items"), where, required_=True, min_items=L.GALLERY_ITEMS_MIN, max_items=L.GALLERY_ITEMS_MAX
    )
    for index, item in dict_items(r, items or [], where):
        _media(r, get(item, "media"), (*where, index, "media"), MEDIA_SCHEMES)
        read_str(
            r, get(item, "description"), (*where, index, "description"), min_len=1, max_len=L.MEDIA_DESCRIPTION_MAX
        )
        read_bool(r, get(item, "spoiler"), (*where, index, "spoiler"))


def _file(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    _media(walk.r, get(component, "file"), (*path, "file"), ("attachment",))
    read_bool(walk.r, get(component, "spoiler"), (*path, "spoiler"))


def _section(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    r = walk.r
    where = (*path, "components")
    items = read_list(
        r,
        get(component, "components"),
        where,
        required_=True,
        min_items=L.SECTION_TEXTS_MIN,
        max_items=L.SECTION_TEXTS_MAX,
    )
    for index, child in dict_items(r, items or [], where):
        if _kind(walk, child, (*where, index), (L.TEXT_DISPLAY,)) is not None:
            _text_display(walk, child, (*where, index))
    accessory = read_dict(r, get(component, "accessory"), (*path, "accessory"), required_=True)
    if accessory is not None:
        _message_component(walk, accessory, (*path, "accessory"), SECTION_ACCESSORIES)


def _container(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    r = walk.r
    read_int(r, get(component, "accent_color"), (*path, "accent_color"), minimum=0, maximum=L.EMBED_COLOR_MAX)
    read_bool(r, get(component, "spoiler"), (*path, "spoiler"))
    where = (*path, "components")
    items = read_list(
        r, get(component, "components"), where, required_=True, min_items=1, max_items=L.CONTAINER_CHILDREN_MAX
    )
    for index, child in dict_items(r, items or [], where):
        _message_component(walk, child, (*where, index), V2_IN_CONTAINER)


# --- Modal components ------------------------------------------------------------------------------------


def _label(walk: _Walk, component: dict[str, Any], path: Path) -> None:
    """A Label (type 18) wraps one input and carries its label and description."""
    r = walk.r
    read_str(r, get(component, "label"), (*path, "label"), required_=True, min_len=1, max_len=L.LABEL_TEXT_MAX)
    read_str(r, get(component, "description"), (*path, "description"), min_len=1, max_len=L.LABEL_DESCRIPTION_MAX)
    child = read_dict(r, get(component, "component"), (*path, "component"), required_=True)
    if child is None:
        return
    where = (*path, "component")
    kind = _kind(walk, child, where, LABEL_CHILDREN)
    if kind == L.TEXT_INPUT:
        _text_input(walk, child, where, in_label=True)
    elif kind in SELECTS:
        _select(walk, child, where, kind)
    elif kind == L.FILE_UPLOAD:
        _custom_id(walk, child, where)
        _value_bounds(r, child, where, L.CHOICE_GROUP_VALUES_MAX)
        read_bool(r, get(child, "required"), (*where, "required"))
    elif kind in (L.RADIO_GROUP, L.CHECKBOX_GROUP):
        _choice_group(walk, child, where, kind)
    elif kind == L.CHECKBOX:
        _custom_id(walk, child, where)
        read_bool(r, get(child, "default"), (*where, "default"))


def _value_bounds(r: Report, component: dict[str, Any], path: Path, top: int) -> None:
    read_int(r, get(component, "min_values"), (*path, "min_values"), minimum=0, maximum=top)
    read_int(r, get(component, "max_values"), (*path, "max_values"), minimum=1, maximum=top)


def _choice_group(walk: _Walk, component: dict[str, Any], path: Path, kind: int) -> None:
    r = walk.r
    _custom_id(walk, component, path)
    read_bool(r, get(component, "required"), (*path, "required"))
    if kind == L.CHECKBOX_GROUP:
        _value_bounds(r, component, path, L.CHOICE_GROUP_VALUES_MAX)
    low = L.RADIO_GROUP_OPTIONS_MIN if kind == L.RADIO_GROUP else L.CHECKBOX_GROUP_OPTIONS_MIN
    where = (*path, "options")
    options = read_list(
        r, get(component, "options"), where, required_=True, min_items=low, max_items=L.CHOICE_GROUP_OPTIONS_MAX
    )
    for index, option in dict_items(r, options or [], where):
        _option_fields(r, option, (*where, index))


def _text_input(walk: _Walk, component: dict[str, Any], path: Path, *, in_label: bool) -> None:
    """A text input; its own label is required in an action row and optional inside a Label."""
    r = walk.r
    top = L.TEXT_INPUT_LENGTH_MAX
    _custom_id(walk, component, path)
    read_choice(r, get(component, "style"), (*path, "style"), L.TEXT_INPUT_STYLES, required_=True)
    read_str(
        r, get(component, "label"), (*path, "label"), required_=not in_label, min_len=1, max_len=L.TEXT_INPUT_LABEL_MAX
    )
    read_str(r, get(component, "placeholder"), (*path, "placeholder"), max_len=L.TEXT_INPUT_PLACEHOLDER_MAX)
    read_bool(r, get(component, "required"), (*path, "required"))
    low = read_int(r, get(component, "min_length"), (*path, "min_length"), minimum=0, maximum=top)
    high = read_int(r, get(component, "max_length"), (*path, "max_length"), minimum=1, maximum=top)
    if low is not None and high is not None and low > high:
        r.add((*path, "min_length"), "NUMBER_TYPE_MAX", f"int value should be less than or equal to {high}.")
    value = read_str(r, get(component, "value"), (*path, "value"), max_len=top)
    if value is not None and high is not None and len(value) > high:
        r.add((*path, "value"), "BASE_TYPE_MAX_LENGTH", f"Must be {high} or fewer in length.")

"""Discord's request limits, each named after the OpenAPI schema it comes from.

Source: discord/discord-api-spec ``specs/openapi.json`` (``components.schemas``), unless a comment names
another source (the spec's README, or Discord's developer docs for things the spec does not model).
"""

from __future__ import annotations

from typing import Final

# --- Messages -------------------------------------------------------------------------------------------

CONTENT_MAX: Final = 2000  # spec README: bots get 2000 (MessageCreateRequest.content maxLength 4000 is Nitro's)
EMBEDS_MAX: Final = 10  # MessageCreateRequest.embeds maxItems
STICKER_IDS_MAX: Final = 3  # MessageCreateRequest.sticker_ids maxItems
ATTACHMENTS_MAX: Final = 10  # MessageCreateRequest.attachments maxItems (multipart files[0]..files[9])
NONCE_STRING_MAX: Final = 25  # MessageCreateRequest.nonce (string branch) maxLength
INT64_MIN: Final = -(2**63)  # MessageCreateRequest.nonce (integer branch) minimum
INT64_MAX: Final = 2**63 - 1  # MessageCreateRequest.nonce (integer branch) maximum
MESSAGE_REFERENCE_TYPES: Final = (0, 1)  # MessageReferenceType has DEFAULT=0; FORWARD=1 per docs/discord.py

# --- Embeds ---------------------------------------------------------------------------------------------

EMBED_TITLE_MAX: Final = 256  # RichEmbed.title maxLength
EMBED_DESCRIPTION_MAX: Final = 4096  # RichEmbed.description maxLength
EMBED_URL_MAX: Final = 2048  # RichEmbed.url / RichEmbedImage.url / RichEmbedAuthor.icon_url ... maxLength
EMBED_COLOR_MAX: Final = 0xFFFFFF  # RichEmbed.color maximum (minimum 0)
EMBED_FIELDS_MAX: Final = 25  # RichEmbed.fields maxItems
EMBED_FIELD_NAME_MAX: Final = 256  # RichEmbedField.name maxLength (required)
EMBED_FIELD_VALUE_MAX: Final = 1024  # RichEmbedField.value maxLength (required)
EMBED_FOOTER_TEXT_MAX: Final = 2048  # RichEmbedFooter.text maxLength
EMBED_AUTHOR_NAME_MAX: Final = 256  # RichEmbedAuthor.name maxLength
EMBED_PROVIDER_NAME_MAX: Final = 256  # RichEmbedProvider.name maxLength
EMBED_MEDIA_DESCRIPTION_MAX: Final = 4096  # RichEmbedImage.description maxLength
EMBED_MEDIA_PLACEHOLDER_MAX: Final = 64  # RichEmbedImage.placeholder maxLength
EMBED_TYPE_MAX: Final = 152133  # RichEmbed.type maxLength
UINT31_MAX: Final = 2**31 - 1  # RichEmbedImage.placeholder_version maximum; every component "id" is int32 >= 0
EMBED_TOTAL_TEXT_MAX: Final = 6000  # spec README: title+description+fields+footer.text+author.name, all embeds

# --- Allowed mentions -----------------------------------------------------------------------------------

ALLOWED_MENTION_TYPES: Final = ("users", "roles", "everyone")  # AllowedMentionTypes
ALLOWED_MENTION_IDS_MAX: Final = 100  # MessageAllowedMentionsRequest.users / .roles maxItems

# --- Attachments ----------------------------------------------------------------------------------------

ATTACHMENT_FILENAME_MAX: Final = 1024  # MessageAttachmentRequest.filename maxLength (minLength 1)
ATTACHMENT_DESCRIPTION_MAX: Final = 1024  # MessageAttachmentRequest.description maxLength
ATTACHMENT_TITLE_MAX: Final = 1024  # MessageAttachmentRequest.title maxLength
ATTACHMENT_WAVEFORM_MAX: Final = 400  # MessageAttachmentRequest.waveform maxLength
ATTACHMENT_DURATION_MAX: Final = 2147483647  # MessageAttachmentRequest.duration_secs maximum

# --- Polls ----------------------------------------------------------------------------------------------

POLL_TEXT_MAX: Final = 300  # PollMediaCreateRequest.text maxLength (minLength 1); question and answers alike
POLL_ANSWERS_MAX: Final = 10  # PollCreateRequest.answers maxItems (minItems 1)
POLL_DURATION_MIN: Final = 1  # PollCreateRequest.duration minimum (hours)
POLL_DURATION_MAX: Final = 768  # PollCreateRequest.duration maximum (32 days)
POLL_LAYOUT_TYPES: Final = (1,)  # PollLayoutTypes
POLL_EMOJI_NAME_MAX: Final = 32  # PollEmojiCreateRequest.name maxLength

# --- Webhook executions (interaction follow-ups) ----------------------------------------------------------

WEBHOOK_USERNAME_MAX: Final = 80  # IncomingWebhookRequestPartial.username maxLength (minLength 1)
WEBHOOK_AVATAR_URL_MAX: Final = 2048  # IncomingWebhookRequestPartial.avatar_url maxLength
WEBHOOK_THREAD_NAME_MAX: Final = 100  # IncomingWebhookRequestPartial.thread_name maxLength
WEBHOOK_APPLIED_TAGS_MAX: Final = 5  # IncomingWebhookRequestPartial.applied_tags maxItems

# --- Message flags (not modelled by the spec: Discord docs "Message Flags", discord.py MessageFlags) -------

FLAG_SUPPRESS_EMBEDS: Final = 1 << 2
FLAG_EPHEMERAL: Final = 1 << 6
FLAG_SUPPRESS_NOTIFICATIONS: Final = 1 << 12
FLAG_IS_COMPONENTS_V2: Final = 1 << 15
CHANNEL_MESSAGE_FLAGS: Final = FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_IS_COMPONENTS_V2
WEBHOOK_MESSAGE_FLAGS: Final = CHANNEL_MESSAGE_FLAGS | FLAG_EPHEMERAL

# --- Components -----------------------------------------------------------------------------------------

ACTION_ROWS_MAX: Final = 5  # spec README: at most 5 action rows without IS_COMPONENTS_V2
COMPONENTS_V2_TOTAL_MAX: Final = 40  # MessageCreateRequest.components maxItems (docs: 40 in the whole tree)
ACTION_ROW_WIDTH: Final = 5  # ActionRowComponentForMessageRequest.components maxItems (minItems 1)
CUSTOM_ID_MIN: Final = 1  # ButtonComponentForMessageRequest.custom_id minLength
CUSTOM_ID_MAX: Final = 100  # ButtonComponentForMessageRequest.custom_id maxLength (same for selects/inputs)
BUTTON_STYLES: Final = (1, 2, 3, 4, 5, 6)  # ButtonStyleTypes
BUTTON_STYLE_LINK: Final = 5  # ButtonStyleTypes LINK
BUTTON_STYLE_PREMIUM: Final = 6  # ButtonStyleTypes PREMIUM
BUTTON_LABEL_MAX: Final = 80  # ButtonComponentForMessageRequest.label maxLength
BUTTON_URL_MAX: Final = 512  # ButtonComponentForMessageRequest.url maxLength
EMOJI_NAME_MAX: Final = 32  # ComponentEmojiForRequest.name maxLength
SELECT_PLACEHOLDER_MAX: Final = 150  # StringSelectComponentForMessageRequest.placeholder maxLength
SELECT_MIN_VALUES_MAX: Final = 25  # StringSelectComponentForMessageRequest.min_values maximum (minimum 0)
SELECT_MAX_VALUES_MIN: Final = 1  # StringSelectComponentForMessageRequest.max_values minimum
SELECT_MAX_VALUES_MAX: Final = 25  # StringSelectComponentForMessageRequest.max_values maximum
SELECT_OPTIONS_MIN: Final = 1  # StringSelectComponentForMessageRequest.options minItems
SELECT_OPTIONS_MAX: Final = 25  # StringSelectComponentForMessageRequest.options maxItems
SELECT_OPTION_TEXT_MAX: Final = 100  # StringSelectOptionForRequest.label / .value / .description maxLength
SELECT_DEFAULT_VALUES_MAX: Final = 25  # UserSelectComponentForMessageRequest.default_values maxItems
TEXT_DISPLAY_MAX: Final = 4000  # TextDisplayComponentForMessageRequest.content maxLength (minLength 1)
SECTION_TEXTS_MIN: Final = 1  # SectionComponentForMessageRequest.components minItems
SECTION_TEXTS_MAX: Final = 3  # SectionComponentForMessageRequest.components maxItems
GALLERY_ITEMS_MIN: Final = 1  # MediaGalleryComponentForMessageRequest.items minItems
GALLERY_ITEMS_MAX: Final = 10  # MediaGalleryComponentForMessageRequest.items maxItems
MEDIA_DESCRIPTION_MAX: Final = 1024  # ThumbnailComponentForMessageRequest.description maxLength
MEDIA_URL_MAX: Final = 2048  # UnfurledMediaRequest.url maxLength
SEPARATOR_SPACINGS: Final = (1, 2)  # MessageComponentSeparatorSpacingSize
CONTAINER_CHILDREN_MAX: Final = 40  # ContainerComponentForMessageRequest.components maxItems (minItems 1)

# Component type numbers: MessageComponentTypes.
ACTION_ROW: Final = 1
BUTTON: Final = 2
STRING_SELECT: Final = 3
TEXT_INPUT: Final = 4
USER_SELECT: Final = 5
ROLE_SELECT: Final = 6
MENTIONABLE_SELECT: Final = 7
CHANNEL_SELECT: Final = 8
SECTION: Final = 9
TEXT_DISPLAY: Final = 10
THUMBNAIL: Final = 11
MEDIA_GALLERY: Final = 12
FILE: Final = 13
SEPARATOR: Final = 14
CONTAINER: Final = 17
LABEL: Final = 18
FILE_UPLOAD: Final = 19
RADIO_GROUP: Final = 21
CHECKBOX_GROUP: Final = 22
CHECKBOX: Final = 23

# --- Modals ---------------------------------------------------------------------------------------------

MODAL_TITLE_MAX: Final = 45  # ModalInteractionCallbackRequestData.title maxLength (minLength 1)
MODAL_COMPONENTS_MAX: Final = 5  # docs "1-5 components" (ModalInteractionCallbackRequestData.components says 40)
TEXT_INPUT_STYLES: Final = (1, 2)  # TextInputStyleTypes
TEXT_INPUT_LABEL_MAX: Final = 45  # TextInputComponentForModalRequest.label maxLength (minLength 1)
TEXT_INPUT_LENGTH_MAX: Final = 4000  # TextInputComponentForModalRequest.min_length/max_length/value maximum
TEXT_INPUT_PLACEHOLDER_MAX: Final = 100  # TextInputComponentForModalRequest.placeholder maxLength
LABEL_TEXT_MAX: Final = 45  # LabelComponentForModalRequest.label maxLength (minLength 1)
LABEL_DESCRIPTION_MAX: Final = 100  # LabelComponentForModalRequest.description maxLength (minLength 1)
CHOICE_GROUP_VALUES_MAX: Final = 10  # CheckboxGroupComponentForModalRequest.max_values / FileUpload... maximum
CHECKBOX_GROUP_OPTIONS_MIN: Final = 1  # CheckboxGroupComponentForModalRequest.options minItems
RADIO_GROUP_OPTIONS_MIN: Final = 2  # RadioGroupComponentForModalRequest.options minItems
CHOICE_GROUP_OPTIONS_MAX: Final = 10  # Checkbox/RadioGroupComponentForModalRequest.options maxItems

# --- Interaction callbacks ------------------------------------------------------------------------------

CALLBACK_PONG: Final = 1  # InteractionCallbackTypes PONG
CALLBACK_MESSAGE: Final = 4  # CHANNEL_MESSAGE_WITH_SOURCE
CALLBACK_DEFERRED_MESSAGE: Final = 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
CALLBACK_DEFERRED_UPDATE: Final = 6  # DEFERRED_UPDATE_MESSAGE
CALLBACK_UPDATE: Final = 7  # UPDATE_MESSAGE
CALLBACK_AUTOCOMPLETE: Final = 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
CALLBACK_MODAL: Final = 9  # MODAL
CALLBACK_LAUNCH_ACTIVITY: Final = 12  # LAUNCH_ACTIVITY
CALLBACK_SKU_ELIGIBILITY: Final = 13  # SOCIAL_LAYER_SKU_PURCHASE_ELIGIBILITY
CALLBACK_TYPES: Final = (1, 4, 5, 6, 7, 8, 9, 12, 13)  # InteractionCallbackTypes (10 was removed)
AUTOCOMPLETE_CHOICES_MAX: Final = 25  # InteractionApplicationCommandAutocompleteCallbackStringData.choices
SKU_REASON_MAX: Final = 255  # SocialLayerSKUPurchaseEligibilityCallbackData.ineligible_reason_description

# --- Application commands -------------------------------------------------------------------------------

COMMANDS_PUT_MAX: Final = 130  # PUT /applications/{id}/commands body maxItems (100 + 15 + 15)
COMMAND_TYPE_LIMITS: Final = {1: 100, 2: 15, 3: 15}  # docs: 100 CHAT_INPUT, 15 USER, 15 MESSAGE (sums to 130)
COMMAND_TYPES: Final = (1, 2, 3, 4)  # ApplicationCommandType
CHAT_INPUT: Final = 1  # ApplicationCommandType CHAT
PRIMARY_ENTRY_POINT: Final = 4  # ApplicationCommandType PRIMARY_ENTRY_POINT
COMMAND_NAME_MAX: Final = 32  # ApplicationCommandUpdateRequest.name maxLength (minLength 1)
COMMAND_DESCRIPTION_MAX: Final = 100  # ApplicationCommandUpdateRequest.description maxLength
COMMAND_OPTIONS_MAX: Final = 25  # ApplicationCommandUpdateRequest.options maxItems
COMMAND_HANDLERS: Final = (1, 2)  # ApplicationCommandHandler
PERMISSIONS_MAX: Final = 18014398509481983  # ApplicationCommandUpdateRequest.default_member_permissions maximum
INTERACTION_CONTEXT_TYPES: Final = (0, 1, 2)  # InteractionContextType
INTEGRATION_TYPES: Final = (0, 1)  # ApplicationIntegrationType
COMMAND_MAX_SIZE: Final = 8000  # docs: names+descriptions+choice values of one command (longest locale)
OPTION_TYPES: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)  # ApplicationCommandOptionType
SUB_COMMAND: Final = 1  # ApplicationCommandOptionType SUB_COMMAND
SUB_COMMAND_GROUP: Final = 2  # ApplicationCommandOptionType SUB_COMMAND_GROUP
STRING: Final = 3  # ApplicationCommandOptionType STRING
INTEGER: Final = 4  # ApplicationCommandOptionType INTEGER
CHANNEL: Final = 7  # ApplicationCommandOptionType CHANNEL
NUMBER: Final = 10  # ApplicationCommandOptionType NUMBER
CHOICES_MAX: Final = 25  # ApplicationCommandStringOption.choices maxItems
CHOICE_NAME_MAX: Final = 100  # ApplicationCommandOptionStringChoice.name maxLength (minLength 1)
CHOICE_STRING_VALUE_MAX: Final = 6000  # ApplicationCommandOptionStringChoice.value maxLength (docs said 100)
INT53_MIN: Final = -9007199254740991  # Int53Type minimum
INT53_MAX: Final = 9007199254740991  # Int53Type maximum
STRING_OPTION_LENGTH_MAX: Final = 6000  # ApplicationCommandStringOption.min_length/max_length maximum
# ChannelTypes, plus GUILD_MEDIA (16), which Discord accepts but the spec's enum omits.
CHANNEL_TYPES: Final = (0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16)
SNOWFLAKE_MAX: Final = 2**64 - 1  # SnowflakeType: an unsigned 64-bit id, sent as digits or as a JSON integer

LOCALES: Final = (  # AvailableLocalesEnum
    "ar", "bg", "cs", "da", "de", "el", "en-GB", "en-US", "es-419", "es-ES", "fi", "fr", "he", "hi", "hr",
    "hu", "id", "it", "ja", "ko", "lt", "nl", "no", "pl", "pt-BR", "ro", "ru", "sv-SE", "th", "tr", "uk",
    "vi", "zh-CN", "zh-TW",
)  # fmt: skip

# --- Threads --------------------------------------------------------------------------------------------

THREAD_NAME_MIN: Final = 1  # CreateTextThreadWithMessageRequest.name minLength (docs: "1-100 character channel name")
THREAD_NAME_MAX: Final = 100  # CreateTextThreadWithMessageRequest.name / UpdateThreadRequestPartial.name maxLength
THREAD_AUTO_ARCHIVE_DURATIONS: Final = (60, 1440, 4320, 10080)  # ThreadAutoArchiveDuration (minutes)
THREAD_RATE_LIMIT_MAX: Final = 21600  # CreateTextThreadWithMessageRequest.rate_limit_per_user maximum (minimum 0)
THREAD_APPLIED_TAGS_MAX: Final = 5  # UpdateThreadRequestPartial.applied_tags maxItems

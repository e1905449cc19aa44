// The template data schema: every name a message template may use, as a tree
// (docs/messages-design.md, "Template data", is the prose of the same thing).
// The validator (validate.hpp) checks templates against it, and the context
// helper (context.hpp) fills the derived fields marked "derived" below.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace forewarn::core::messages::templates {

enum class FieldType {
  text,    // a string or number, rendered as text
  flag,    // a boolean: only as a section ({{#x}}...{{/x}} or {{^x}})
  object,  // a nested object: a section enters it, dotted names reach into it
  list,    // a list of objects: a section repeats for each item
};

struct Field {
  std::string name;
  FieldType type = FieldType::text;
  std::vector<Field> fields;  // for object and list
};

// The root object of the template data.
const Field& template_schema();

// A field of `scope` by name, or nullptr.
const Field* find_field(const Field& scope, std::string_view name);

// The message kinds, channels and the parts of each channel.
const std::vector<std::string>& message_kinds();
bool is_message_kind(std::string_view kind);
bool is_channel(std::string_view channel);
// email: subject, text, html; sms: body.
const std::vector<std::string>& channel_parts(std::string_view channel);

}  // namespace forewarn::core::messages::templates

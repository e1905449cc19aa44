#include "core/tracking/xml_support.hpp"

#include "core/tracking/codec_support.hpp"

namespace forewarn::tracking::xml {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view full = n.name();
  auto colon = full.rfind(':');
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

pugi::xml_node at(const pugi::xml_node& n, std::initializer_list<std::string_view> names) {
  pugi::xml_node cur = n;
  for (auto nm : names) {
    cur = child(cur, nm);
    if (!cur) return {};
  }
  return cur;
}

std::string own_text(const pugi::xml_node& n) { return codec::trim(n.child_value()); }

std::string text(const pugi::xml_node& n, std::string_view name) { return own_text(child(n, name)); }

std::string text_at(const pugi::xml_node& n, std::initializer_list<std::string_view> names) {
  return own_text(at(n, names));
}

pugi::xml_node find(const pugi::xml_node& n, std::string_view name) {
  // Iterative (pugixml's walker), so hostile nesting depth cannot overflow the stack.
  if (n.type() == pugi::node_element && local_name(n) == name) return n;
  struct Walker : pugi::xml_tree_walker {
    std::string_view want;
    pugi::xml_node found;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() == pugi::node_element && local_name(node) == want) {
        found = node;
        return false;
      }
      return true;
    }
  } w;
  w.want = name;
  pugi::xml_node copy = n;
  copy.traverse(w);
  return w.found;
}

std::vector<pugi::xml_node> find_all(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  struct Walker : pugi::xml_tree_walker {
    std::string_view want;
    std::vector<pugi::xml_node>* out;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() == pugi::node_element && local_name(node) == want) out->push_back(node);
      return true;
    }
  } w;
  w.want = name;
  w.out = &out;
  pugi::xml_node copy = n;
  copy.traverse(w);
  return out;
}

bool load(pugi::xml_document& doc, std::string_view body) {
  pugi::xml_parse_result r = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
  return static_cast<bool>(r) && doc.document_element();
}

pugi::xml_node payload_root(const pugi::xml_document& doc) {
  pugi::xml_node n = doc.document_element();
  for (int guard = 0; n && guard < 4; ++guard) {
    auto ln = local_name(n);
    if (ln == "wrapper" || ln == "Envelope") {
      pugi::xml_node next = ln == "Envelope" ? child(n, "Body") : pugi::xml_node{};
      if (!next) next = child(n, "Envelope");
      if (!next) {
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
          if (c.type() == pugi::node_element) {
            next = c;
            break;
          }
      }
      n = next;
    } else if (ln == "Body") {
      pugi::xml_node first;
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) {
          first = c;
          break;
        }
      n = first;
    } else {
      break;
    }
  }
  return n;
}

}  // namespace forewarn::tracking::xml

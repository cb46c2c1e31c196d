package io.capstan.model.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lexer and recursive-descent parser for the label-selector string syntax, a port of the one in
 * {@code k8s.io/apimachinery/pkg/labels/selector.go} so that accepted inputs and error texts are
 * the same. Not thread-safe; one instance per parse.
 */
final class LabelSelectorParser {

  enum Token {
    ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER,
    IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
  }

  private record Item(Token tok, String literal) {}

  private static final Map<String, Token> KEYWORDS = Map.ofEntries(
      Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
      Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
      Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
      Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

  /** In the order Kubernetes lists them in "expected: ..." messages. */
  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private final String input;
  private int pos;
  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String input) {
    this.input = input;
  }

  static List<Requirement> parse(String selector) {
    LabelSelectorParser p = new LabelSelectorParser(selector);
    p.scan();
    return p.parseAll();
  }

  // ---- lexer ----

  private char read() {
    return pos < input.length() ? input.charAt(pos++) : 0;
  }

  private void unread() {
    pos--;
  }

  private static boolean isWhitespace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
  }

  private static boolean isSpecialSymbol(char ch) {
    return switch (ch) {
      case '=', '!', '(', ')', ',', '>', '<' -> true;
      default -> false;
    };
  }

  private Item lex() {
    char ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch == 0) return new Item(Token.END_OF_STRING, "");
    unread();
    return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdOrKeyword();
  }

  private Item scanIdOrKeyword() {
    StringBuilder buf = new StringBuilder();
    while (true) {
      char ch = read();
      if (ch == 0) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      buf.append(ch);
    }
    String s = buf.toString();
    Token t = KEYWORDS.get(s);
    return new Item(t != null ? t : Token.IDENTIFIER, s);
  }

  private Item scanSpecialSymbol() {
    Item last = null;
    StringBuilder buf = new StringBuilder();
    while (true) {
      char ch = read();
      if (ch == 0) break;
      if (!isSpecialSymbol(ch)) {
        unread();
        break;
      }
      buf.append(ch);
      Token t = KEYWORDS.get(buf.toString());
      if (t != null) {
        last = new Item(t, buf.toString());
      } else if (last != null) {
        unread();
        break;
      }
    }
    if (last == null) return new Item(Token.ERROR, "error expected: keyword found '" + buf + "'");
    return last;
  }

  private void scan() {
    while (true) {
      Item it = lex();
      items.add(it);
      if (it.tok() == Token.END_OF_STRING) break;
    }
  }

  // ---- parser ----

  /** In a value context the keywords "in" and "notin" are plain identifiers. */
  private Item asValue(Item it) {
    return it.tok() == Token.IN || it.tok() == Token.NOT_IN ? new Item(Token.IDENTIFIER, it.literal()) : it;
  }

  private Item lookahead(boolean values) {
    Item it = items.get(position);
    return values ? asValue(it) : it;
  }

  private Item consume(boolean values) {
    Item it = items.get(position++);
    return values ? asValue(it) : it;
  }

  private List<Requirement> parseAll() {
    List<Requirement> reqs = new ArrayList<>();
    while (true) {
      Item it = lookahead(true);
      switch (it.tok()) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          Requirement r;
          try {
            r = parseRequirement();
          } catch (SelectorSyntaxException e) {
            throw new SelectorSyntaxException("unable to parse requirement: " + e.getMessage());
          }
          reqs.add(r);
          Item next = consume(true);
          switch (next.tok()) {
            case END_OF_STRING -> {
              return reqs;
            }
            case COMMA -> {
              Item after = lookahead(true);
              if (after.tok() != Token.IDENTIFIER && after.tok() != Token.DOES_NOT_EXIST) {
                throw new SelectorSyntaxException("found '" + after.literal() + "', expected: identifier after ','");
              }
            }
            default -> throw new SelectorSyntaxException(
                "found '" + next.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END_OF_STRING -> {
          return reqs;
        }
        default -> throw new SelectorSyntaxException(
            "found '" + it.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private Requirement parseRequirement() {
    Operator op = null;
    Item it = consume(true);
    if (it.tok() == Token.DOES_NOT_EXIST) {
      op = Operator.DOES_NOT_EXIST;
      it = consume(true);
    }
    if (it.tok() != Token.IDENTIFIER) {
      throw new SelectorSyntaxException("found '" + it.literal() + "', expected: identifier");
    }
    String key = it.literal();
    List<String> keyErrs = LabelValidation.isQualifiedName(key);
    if (!keyErrs.isEmpty()) {
      // Upstream validates the key with a nil field path here, hence the "<nil>" it prints.
      throw new SelectorSyntaxException(
          Requirement.invalid("<nil>", LabelValidation.quote(key), String.join("; ", keyErrs)));
    }
    Token t = lookahead(true).tok();
    if (t == Token.END_OF_STRING || t == Token.COMMA) {
      if (op != Operator.DOES_NOT_EXIST) op = Operator.EXISTS;
    }
    if (op == Operator.EXISTS || op == Operator.DOES_NOT_EXIST) {
      return Requirement.of(key, op, List.of());
    }
    op = parseOperator();
    List<String> values = switch (op) {
      case IN, NOT_IN -> parseValues();
      default -> parseExactValue();
    };
    return Requirement.of(key, op, values);
  }

  private Operator parseOperator() {
    Item it = consume(false);
    return switch (it.tok()) {
      case IN -> Operator.IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      case NOT_IN -> Operator.NOT_IN;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      default -> throw new SelectorSyntaxException("found '" + it.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  private List<String> parseValues() {
    Item it = consume(true);
    if (it.tok() != Token.OPEN_PAR) throw new SelectorSyntaxException("found '" + it.literal() + "' expected: '('");
    Item la = lookahead(true);
    switch (la.tok()) {
      case IDENTIFIER, COMMA -> {
        TreeSet<String> s = parseIdentifiersList();
        if (consume(true).tok() != Token.CLOSED_PAR) {
          throw new SelectorSyntaxException("found '" + la.literal() + "', expected: ')'");
        }
        return new ArrayList<>(s);
      }
      case CLOSED_PAR -> {
        consume(true);
        return List.of("");
      }
      default -> throw new SelectorSyntaxException(
          "found '" + la.literal() + "', expected: ',', ')' or identifier");
    }
  }

  private TreeSet<String> parseIdentifiersList() {
    TreeSet<String> s = new TreeSet<>();
    while (true) {
      Item it = consume(true);
      switch (it.tok()) {
        case IDENTIFIER -> {
          s.add(it.literal());
          Item next = lookahead(true);
          switch (next.tok()) {
            case COMMA -> {
              continue;
            }
            case CLOSED_PAR -> {
              return s;
            }
            default -> throw new SelectorSyntaxException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (s.isEmpty()) s.add("");
          Token next = lookahead(true).tok();
          if (next == Token.CLOSED_PAR) {
            s.add("");
            return s;
          }
          if (next == Token.COMMA) s.add("");
        }
        default -> throw new SelectorSyntaxException("found '" + it.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private List<String> parseExactValue() {
    Token la = lookahead(true).tok();
    if (la == Token.END_OF_STRING || la == Token.COMMA) return List.of("");
    Item it = consume(true);
    if (it.tok() == Token.IDENTIFIER) return List.of(it.literal());
    throw new SelectorSyntaxException("found '" + it.literal() + "', expected: identifier");
  }
}

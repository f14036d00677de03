package dev.parley.dialogue.flow;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} and {@code {name|digits}} placeholders. {@code digits} spaces a number out ("1 2 3 4") so it is
 * read digit by digit, the way callers read order numbers, rather than as "one thousand two hundred...".
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)(?:\\|([a-z]+))?}");

    private Template() {
    }

    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template '" + template + "' needs a value for '" + m.group(1) + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(format(value, m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String format(String value, String filter) {
        if (filter == null) {
            return value;
        }
        if (filter.equals("digits")) {
            return String.join(" ", value.split(""));
        }
        throw new IllegalStateException("unknown template filter '" + filter + "'");
    }
}

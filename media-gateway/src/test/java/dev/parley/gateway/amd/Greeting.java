package dev.parley.gateway.amd;

/**
 * One line of a greeting list (src/test/resources/amd): who answers, in which synthetic voice, after how much
 * silence, what they say, and for a machine the beep after the greeting (frequency, length, gap; 0 when none);
 * {@code group} is the list's section ("humans: short hellos"), for figures per kind of greeting.
 */
record Greeting(AmdVerdict.Kind label, String voice, int leadMs, int beepHz, int beepMs, int beepGapMs, String text,
                String group) {

    static Greeting parse(String line) {
        return parse(line, "");
    }

    static Greeting parse(String line, String group) {
        String[] f = line.split("\\|");
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 fields: " + line);
        }
        String beep = f[3].trim();
        int hz = 0;
        int ms = 0;
        int gap = 0;
        if (!beep.equals("-")) {
            String[] b = beep.split("/");
            hz = Integer.parseInt(b[0]);
            ms = Integer.parseInt(b[1]);
            gap = Integer.parseInt(b[2]);
        }
        return new Greeting(AmdVerdict.Kind.valueOf(f[0].trim()), f[1].trim(), Integer.parseInt(f[2].trim()),
                hz, ms, gap, f[4].trim(), group);
    }

    boolean beeps() {
        return beepHz > 0;
    }

    /** Short label for tables: first words of the text and the voice. */
    String name() {
        String t = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return "\"" + t + "\" (" + voice + (beeps() ? ", beep" : "") + ")";
    }
}

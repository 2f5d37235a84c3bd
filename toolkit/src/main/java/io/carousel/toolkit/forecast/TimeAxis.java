package io.carousel.toolkit.forecast;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a series' time stamps as written in its CSV file: months ({@code 1949-01}), dates ({@code 1991-07-01}),
 * years or other numbers ({@code 1871}, {@code 17.5}). Stamps in none of these forms are just positions.
 */
public final class TimeAxis {

    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");

    private enum Form { MONTH, DATE, NUMBER, POSITION }

    private TimeAxis() {
    }

    private static Form form(List<String> times) {
        for (Form f : new Form[] {Form.MONTH, Form.DATE, Form.NUMBER}) {
            Pattern p = f == Form.MONTH ? MONTH : f == Form.DATE ? DATE : NUMBER;
            if (times.stream().allMatch(t -> p.matcher(t).matches()) && parses(f, times)) {
                return f;
            }
        }
        return Form.POSITION;
    }

    private static boolean parses(Form f, List<String> times) {
        try {
            times.forEach(t -> value(f, t, 0));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Each stamp as a number for a plot's x axis: decimal years for months and dates, else the number or position. */
    public static double[] values(List<String> times) {
        Form f = form(times);
        double[] x = new double[times.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = value(f, times.get(i), i);
        }
        return x;
    }

    private static double value(Form f, String t, int position) {
        return switch (f) {
            case MONTH -> {
                YearMonth m = YearMonth.parse(t);
                yield m.getYear() + (m.getMonthValue() - 1) / 12.0;
            }
            case DATE -> {
                LocalDate d = LocalDate.parse(t);
                yield d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear();
            }
            case NUMBER -> Double.parseDouble(t);
            case POSITION -> position;
        };
    }

    /**
     * The {@code n} stamps after the last of {@code times}, continuing its last step (a month, a number of days, a
     * number); stamps in no known form continue as {@code last+1}, {@code last+2}, ...
     */
    public static List<String> next(List<String> times, int n) {
        Form f = times.size() < 2 ? Form.POSITION : form(times);
        String last = times.get(times.size() - 1);
        String before = times.size() < 2 ? last : times.get(times.size() - 2);
        List<String> out = new ArrayList<>();
        for (int h = 1; h <= n; h++) {
            out.add(switch (f) {
                case MONTH -> YearMonth.parse(last).plusMonths(h * ChronoUnit.MONTHS.between(YearMonth.parse(before),
                        YearMonth.parse(last))).toString();
                case DATE -> LocalDate.parse(last).plusDays(h * ChronoUnit.DAYS.between(LocalDate.parse(before),
                        LocalDate.parse(last))).toString();
                case NUMBER -> number(last, before, h);
                case POSITION -> last + "+" + h;
            });
        }
        return out;
    }

    private static String number(String last, String before, int h) {
        if (!last.contains(".") && !before.contains(".")) {
            long l = Long.parseLong(last.replace("+", ""));
            return Long.toString(l + h * (l - Long.parseLong(before.replace("+", ""))));
        }
        java.math.BigDecimal l = new java.math.BigDecimal(last);
        return l.add(l.subtract(new java.math.BigDecimal(before)).multiply(java.math.BigDecimal.valueOf(h)))
                .toPlainString();
    }
}

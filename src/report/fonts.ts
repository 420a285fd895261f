// The report's font stack, apart from the chart renderer so the HTML page can name it without loading vega.

/** CJK fonts through the system stack: macOS, Windows, Linux (Noto/Source Han), then any sans-serif, then colour emoji. */
export const FONT_STACK = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","Noto Sans",sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji"';

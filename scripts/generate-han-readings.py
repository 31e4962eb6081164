#!/usr/bin/env python3
"""Writes Sources/WhereaboutsNames/Resources/han-readings.tsv from Unicode's Unihan database.

Input: Unihan_Readings.txt(.bz2), as Debian's `unicode-data` package installs it in /usr/share/unicode
(or a path given as the first argument). Output, one line per Han character that has a Korean or
Japanese reading:

    character <TAB> name-use flag <TAB> Hangul readings <TAB> pinyin readings <TAB> Japanese readings

- Hangul readings come from kHangul; the flag is 1 when a reading's source letters include N (the
  hanja for personal names) or E (the education hanja), so that Chinese spellings of Korean names are
  read through characters people actually name children with.
- Pinyin readings (tones removed, ü written u) come from kMandarin, kHanyuPinyin, kHanyuPinlu,
  kTGHZ2013 and kXHC1983: 朴 as a surname is piáo, a reading kMandarin alone does not give.
- Japanese readings are kJapaneseOn and kJapaneseKun, lower case, space-separated.

Readings within a field are space-separated and sorted. Run it again when Unicode's data is updated;
the table is committed so that nothing is downloaded or read from the system at run time.
"""
import bz2
import os
import re
import sys
import unicodedata

DEFAULT = "/usr/share/unicode/Unihan_Readings.txt.bz2"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "WhereaboutsNames",
                   "Resources", "han-readings.tsv")


def toneless(syllable):
    text = unicodedata.normalize("NFD", syllable)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ü", "u").replace("v", "u").lower()


def main(path):
    opener = bz2.open if path.endswith(".bz2") else open
    chars = {}
    with opener(path, "rt", encoding="utf-8") as source:
        for line in source:
            if not line.startswith("U+"):
                continue
            code, field, value = line.rstrip("\n").split("\t", 2)
            entry = chars.setdefault(int(code[2:], 16), {"hangul": set(), "name": False, "pinyin": set(),
                                                          "ja": set()})
            if field == "kHangul":
                for item in value.split():
                    syllable, _, flags = item.partition(":")
                    entry["hangul"].add(syllable)
                    if "N" in flags or "E" in flags:
                        entry["name"] = True
            elif field in ("kMandarin", "kHanyuPinyin", "kTGHZ2013", "kXHC1983", "kHanyuPinlu"):
                for item in value.split():
                    readings = item.split(":", 1)[1] if ":" in item else item
                    for reading in readings.split(","):
                        reading = re.sub(r"\(\d+\)$", "", reading)
                        if reading:
                            entry["pinyin"].add(toneless(reading))
            elif field in ("kJapaneseOn", "kJapaneseKun"):
                entry["ja"].update(item.lower() for item in value.split())
    lines = []
    for code in sorted(chars):
        entry = chars[code]
        if not entry["hangul"] and not entry["ja"]:
            continue
        lines.append("\t".join([chr(code), "1" if entry["name"] else "0", " ".join(sorted(entry["hangul"])),
                                " ".join(sorted(entry["pinyin"])), " ".join(sorted(entry["ja"]))]))
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} characters written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)

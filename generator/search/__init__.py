"""Search: the entries and keywords each page carries, the prebuilt lunr index, pinyin for homophone slips."""

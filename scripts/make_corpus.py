#!/usr/bin/env python3
"""Writes data/eng-fra.txt and data/eng-fra-heldout.txt: English -> French sentence pairs in
the style of the PyTorch translation tutorial's eng-fra.txt (Tatoeba), composed for this
project from the hand-written phrase table below (subjects, adjectives with their four French
forms, "very"/"too"/"a little"/"not"). Deterministic: the same files on every run.

    python3 scripts/make_corpus.py
"""
import os
import random
import re
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# English subject, French subject, verb forms (être, avoir), gender/number for agreement.
SUBJECTS = [
    ("I am", "Je suis", "J'ai", "Je ne suis pas", "Je n'ai pas", "ms"),
    ("I am", "Je suis", "J'ai", "Je ne suis pas", "Je n'ai pas", "fs"),
    ("He is", "Il est", "Il a", "Il n'est pas", "Il n'a pas", "ms"),
    ("She is", "Elle est", "Elle a", "Elle n'est pas", "Elle n'a pas", "fs"),
    ("You are", "Tu es", "Tu as", "Tu n'es pas", "Tu n'as pas", "ms"),
    ("You are", "Vous êtes", "Vous avez", "Vous n'êtes pas", "Vous n'avez pas", "mp"),
    ("We are", "Nous sommes", "Nous avons", "Nous ne sommes pas", "Nous n'avons pas", "mp"),
    ("They are", "Ils sont", "Ils ont", "Ils ne sont pas", "Ils n'ont pas", "mp"),
    ("They are", "Elles sont", "Elles ont", "Elles ne sont pas", "Elles n'ont pas", "fp"),
]

# English adjective -> French masculine singular, feminine singular, masculine plural, feminine plural.
ADJECTIVES = {
    "tired": ("fatigué", "fatiguée", "fatigués", "fatiguées"),
    "happy": ("heureux", "heureuse", "heureux", "heureuses"),
    "sad": ("triste", "triste", "tristes", "tristes"),
    "sick": ("malade", "malade", "malades", "malades"),
    "busy": ("occupé", "occupée", "occupés", "occupées"),
    "ready": ("prêt", "prête", "prêts", "prêtes"),
    "angry": ("fâché", "fâchée", "fâchés", "fâchées"),
    "young": ("jeune", "jeune", "jeunes", "jeunes"),
    "old": ("vieux", "vieille", "vieux", "vieilles"),
    "rich": ("riche", "riche", "riches", "riches"),
    "poor": ("pauvre", "pauvre", "pauvres", "pauvres"),
    "tall": ("grand", "grande", "grands", "grandes"),
    "small": ("petit", "petite", "petits", "petites"),
    "strong": ("fort", "forte", "forts", "fortes"),
    "lazy": ("paresseux", "paresseuse", "paresseux", "paresseuses"),
    "sure": ("sûr", "sûre", "sûrs", "sûres"),
    "alone": ("seul", "seule", "seuls", "seules"),
    "shy": ("timide", "timide", "timides", "timides"),
    "calm": ("calme", "calme", "calmes", "calmes"),
    "kind": ("gentil", "gentille", "gentils", "gentilles"),
    "married": ("marié", "mariée", "mariés", "mariées"),
    "french": ("français", "française", "français", "françaises"),
    "late": ("en retard",) * 4,
    "at home": ("à la maison",) * 4,
}
# "I am cold." is "J'ai froid." (avoir + noun: no agreement).
AVOIR = {"cold": "froid", "hungry": "faim", "thirsty": "soif", "scared": "peur", "hot": "chaud"}
MODIFIERS = [("", ""), ("very ", "très "), ("too ", "trop "), ("a little ", "un peu ")]
FORM = {"ms": 0, "fs": 1, "mp": 2, "fp": 3}


def pairs():
    out = []
    for en_subj, fr_etre, fr_avoir, fr_not_etre, fr_not_avoir, gn in SUBJECTS:
        for en_adj, forms in ADJECTIVES.items():
            fr_adj = forms[FORM[gn]]
            for en_mod, fr_mod in MODIFIERS:
                if en_adj in ("late", "at home", "married", "french", "alone", "ready", "sure") and en_mod:
                    continue
                out.append((f"{en_subj} {en_mod}{en_adj}.", f"{fr_etre} {fr_mod}{fr_adj}."))
            out.append((f"{en_subj} not {en_adj}.", f"{fr_not_etre} {fr_adj}."))
        for en_noun, fr_noun in AVOIR.items():
            out.append((f"{en_subj} {en_noun}.", f"{fr_avoir} {fr_noun}."))
            out.append((f"{en_subj} very {en_noun}.", f"{fr_avoir} très {fr_noun}."))
            out.append((f"{en_subj} not {en_noun}.", f"{fr_not_avoir} {fr_noun}."))
    return sorted(set(out))


# Lines that the tutorial's filter drops: no eng_prefixes subject, or ten words and more.
OTHERS = [
    ("Go.", "Va !"), ("Run!", "Cours !"), ("Wow!", "Ça alors !"), ("Help!", "À l'aide !"),
    ("Stop!", "Arrête-toi !"), ("Wait!", "Attends !"), ("Hello!", "Bonjour !"),
    ("I see.", "Je comprends."), ("I won!", "J'ai gagné !"), ("Who are you?", "Qui êtes-vous ?"),
    ("Where is the station?", "Où est la gare ?"), ("Is he tired?", "Est-il fatigué ?"),
    ("Are you hungry?", "As-tu faim ?"), ("Tom is sick.", "Tom est malade."),
    ("It is cold today.", "Il fait froid aujourd'hui."), ("Come here.", "Viens ici."),
    ("I like cheese.", "J'aime le fromage."), ("We lost.", "Nous avons perdu."),
    ("I am not sure that he is still at home with his parents.",
     "Je ne suis pas sûr qu'il soit encore à la maison avec ses parents."),
    ("She is a little tired because she worked all night long.",
     "Elle est un peu fatiguée parce qu'elle a travaillé toute la nuit."),
    ("They are happy to see their grandparents again this summer.",
     "Ils sont heureux de revoir leurs grands-parents cet été."),
    ("He is too busy to answer all of these letters today.",
     "Il est trop occupé pour répondre à toutes ces lettres aujourd'hui."),
]


def main():
    rng = random.Random(4)
    all_pairs = pairs()
    rng.shuffle(all_pairs)
    held_out, train = all_pairs[:60], all_pairs[60:420]
    # Held-out sentences use only words training has seen (the tutorial's Lang has no unknown
    # word); the others go back into training.
    def words(s):
        s = "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")
        return set(re.sub(r"[^a-z.!?]+", " ", re.sub(r"([.!?])", r" \1", s)).split())
    seen_en = set().union(*(words(en) for en, fr in train))
    seen_fr = set().union(*(words(fr) for en, fr in train))
    known = lambda p: words(p[0]) <= seen_en and words(p[1]) <= seen_fr
    train += [p for p in held_out if not known(p)]
    held_out = [p for p in held_out if known(p)]
    lines = train + OTHERS
    rng.shuffle(lines)
    os.makedirs(os.path.join(ROOT, "data"), exist_ok=True)
    with open(os.path.join(ROOT, "data", "eng-fra.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{en}\t{fr}\n" for en, fr in lines)
    with open(os.path.join(ROOT, "data", "eng-fra-heldout.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{en}\t{fr}\n" for en, fr in held_out)
    print(len(all_pairs), "pairs composed;", len(lines), "lines in eng-fra.txt,", len(held_out), "held out")


if __name__ == "__main__":
    main()

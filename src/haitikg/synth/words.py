"""The words synthetic articles are made of: names, posts, quotations, qualifiers."""

from __future__ import annotations

STATE_NAMES = [
    "Kenya", "Haiti", "Jamaica", "Bahamas", "Belize", "Guatemala", "El Salvador", "Benin",
    "Chad", "Bangladesh", "Barbados", "Antigua and Barbuda", "Canada", "United States",
    "France", "Brazil", "Mexico", "Dominican Republic", "Trinidad and Tobago", "Suriname",
]  # fmt: skip
CITY_NAMES = [
    "Port-au-Prince", "Cap-Haïtien", "Gonaïves", "Les Cayes", "Jacmel", "Pétion-Ville",
    "Croix-des-Bouquets", "Cabaret", "Mirebalais", "Saint-Marc", "Léogâne", "Nairobi",
]  # fmt: skip
GIVEN = [
    "Amina", "Jean", "Grace", "Pierre", "Wanjiru", "Marie", "Kamau", "Joseph", "Achieng",
    "Claude", "Otieno", "Nadège", "Mwangi", "Rose", "Kiprono", "Fritz", "Njeri", "Louis",
]  # fmt: skip
FAMILY = [
    "Otieno", "Baptiste", "Mwangi", "Joseph", "Kariuki", "Louis", "Njoroge", "Pierre",
    "Wafula", "Jean-Louis", "Kimani", "Desir", "Ochieng", "Charles", "Mutua", "Etienne",
]  # fmt: skip
POSTS = [
    "President", "Prime Minister", "Interior Minister", "Foreign Minister",
    "Police Commander", "Ambassador", "Defence Minister", "Mission Spokesperson",
]  # fmt: skip
QUOTES = [
    "We are here to restore peace and stability.",
    "The people of Haiti will not forget those who stood by them.",
    "Our officers will work with the Haitian National Police.",
    "Security is the foundation of every other right.",
    "More officers will arrive in the coming weeks.",
    "The mission needs funding to succeed.",
]
#: Qualifiers of a figure, and the words that say each before the number.
QUALIFIERS = {
    "exact": "",
    "more-than": "over ",
    "estimate": "an estimated ",
    "approximately": "about ",
    "target": "up to ",
}
NUMBERS = [50, 100, 150, 200, 217, 250, 300, 400, 600, 1000, 2500]

"""Codes shared with France's public platform *ma cantine* and the canteen's own vocabulary."""

from __future__ import annotations

from enum import StrEnum


class Family(StrEnum):
    """EGalim product families, as ma cantine codes them."""

    VIANDES_VOLAILLES = "VIANDES_VOLAILLES"
    CHARCUTERIE = "CHARCUTERIE"
    PRODUITS_DE_LA_MER = "PRODUITS_DE_LA_MER"
    FRUITS_ET_LEGUMES = "FRUITS_ET_LEGUMES"
    PRODUITS_LAITIERS = "PRODUITS_LAITIERS"
    BOULANGERIE = "BOULANGERIE"
    BOISSONS = "BOISSONS"
    AUTRES = "AUTRES"


#: The families the EGalim meat-and-fish share counts (meat, poultry, fish and seafood).
MEAT_FISH_FAMILIES: tuple[Family, ...] = (Family.VIANDES_VOLAILLES, Family.PRODUITS_DE_LA_MER)


class ProteinClass(StrEnum):
    """Where an ingredient sits in the protein mix; ``plant`` covers everything not animal."""

    MEAT = "meat"
    FISH = "fish"
    EGG_DAIRY = "egg_dairy"
    PLANT = "plant"


class Label(StrEnum):
    """Purchase characteristics, as ma cantine codes them (information-only ones excluded)."""

    BIO = "BIO"
    CONVERSION_BIO = "CONVERSION_BIO"
    LABEL_ROUGE = "LABEL_ROUGE"
    AOCAOP = "AOCAOP"
    IGP = "IGP"
    STG = "STG"
    HVE = "HVE"
    PECHE_DURABLE = "PECHE_DURABLE"
    RUP = "RUP"
    FERMIER = "FERMIER"
    COMMERCE_EQUITABLE = "COMMERCE_EQUITABLE"
    EXTERNALITES = "EXTERNALITES"
    PERFORMANCE = "PERFORMANCE"


ORGANIC_LABELS = frozenset({Label.BIO, Label.CONVERSION_BIO})
SIQO_LABELS = frozenset({Label.LABEL_ROUGE, Label.AOCAOP, Label.IGP, Label.STG})
OTHER_EGALIM_LABELS = frozenset(
    {Label.HVE, Label.PECHE_DURABLE, Label.RUP, Label.FERMIER, Label.COMMERCE_EQUITABLE}
)
EXTERNALITY_LABELS = frozenset({Label.EXTERNALITES, Label.PERFORMANCE})
EGALIM_LABELS = ORGANIC_LABELS | SIQO_LABELS | OTHER_EGALIM_LABELS | EXTERNALITY_LABELS


class Origin(StrEnum):
    FRANCE = "FRANCE"
    EUROPE = "EUROPE"
    OTHER = "OTHER"


class Storage(StrEnum):
    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


class Course(StrEnum):
    STARTER = "starter"
    MAIN = "main"
    DESSERT = "dessert"
    OTHER = "other"


class SupplierKind(StrEnum):
    PRODUCER = "producer"
    WHOLESALER = "wholesaler"
    CASH_AND_CARRY = "cash_and_carry"
    SHOP = "shop"
    UNSOLD_COLLECTION = "unsold_collection"


class LocalDefinition(StrEnum):
    """How a supplier is local, as ma cantine qualifies it."""

    PAT = "PAT"
    COMMUNE = "COMMUNE"
    DEPARTEMENT = "DEPARTEMENT"
    REGION = "REGION"
    KM = "KM"


class Region(StrEnum):
    """Regions whose EGalim targets differ (overseas); ``METROPOLE`` is everywhere else."""

    METROPOLE = "METROPOLE"
    GUADELOUPE = "GUADELOUPE"
    MARTINIQUE = "MARTINIQUE"
    GUYANE = "GUYANE"
    LA_REUNION = "LA_REUNION"
    SAINT_MARTIN = "SAINT_MARTIN"
    MAYOTTE = "MAYOTTE"
    SAINT_PIERRE_ET_MIQUELON = "SAINT_PIERRE_ET_MIQUELON"

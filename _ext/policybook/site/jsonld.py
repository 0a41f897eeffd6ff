"""schema.org JSON-LD for a program page: a GovernmentService with its grant amount. Pure."""

from __future__ import annotations

from ..model.formatting import max_amount_yuan
from ..model.vocab import APPLICANT_TYPES, SUPPORT_TYPES


def government_service(program: dict, *, url: str, area: str, description: str) -> dict:
    # "#provider": resolved against the page's address, as JSON-LD resolves relative ids
    provider = {"@type": "GovernmentOrganization", "@id": "#provider", "name": program["authority"]}
    service = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": program["title"],
        "alternateName": program.get("aliases", []),
        "description": description,
        "url": url,
        "serviceType": SUPPORT_TYPES.label(program["support_type"]),
        "provider": provider,
        "areaServed": {"@type": "AdministrativeArea", "name": area},
        "audience": [{"@type": "BusinessAudience" if a == "enterprise" else "Audience",
                      "audienceType": APPLICANT_TYPES.label(a)} for a in program["applicants"]],
        "dateModified": program["reviewed"].isoformat(),
    }
    amount = max_amount_yuan(program["funding"])
    if amount:
        service["subjectOf"] = {
            "@type": "MonetaryGrant",
            "name": program["funding"]["summary"],
            "funder": {"@id": provider["@id"]},  # the same organisation: named once
            "amount": {"@type": "MonetaryAmount", "currency": "CNY", "maxValue": amount},
        }
    return service

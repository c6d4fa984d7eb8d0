"""An HTTP API handler in Python: reads a JSON order from the request, prices it, and logs what it did."""

import json
import logging
import os
from decimal import Decimal

logger = logging.getLogger()
logger.setLevel(logging.INFO)

PRICES = {"A-1": Decimal("2.50"), "B-7": Decimal("3.40"), "C-3": Decimal("1.90")}


def lambda_handler(event, context):
    order = _order_from(event)
    unknown = [item for item in order if item not in PRICES]
    if unknown:
        logger.warning("rejected order with unknown items %s", unknown)
        return _response(400, {"error": "unknown items: " + ", ".join(unknown)})
    total = sum((PRICES[item] * quantity for item, quantity in order.items()), Decimal("0"))
    logger.info("priced %d items for %s", sum(order.values()), total)
    return _response(
        200,
        {
            "stage": os.environ.get("STAGE", "dev"),
            "total": str(total),
            "requestId": context.aws_request_id,
            "remainingMs": context.get_remaining_time_in_millis(),
        },
    )


def _order_from(event):
    body = event.get("body") if isinstance(event, dict) else None
    if isinstance(body, str):
        body = json.loads(body or "{}")
    # The shape of examples/events/order.json: [{"sku": "A-1", "quantity": 2}, ...]; an empty event orders one A-1.
    items = (body or event or {}).get("items", [{"sku": "A-1", "quantity": 1}])
    order = {}
    for item in items:
        order[str(item["sku"])] = order.get(str(item["sku"]), 0) + int(item.get("quantity", 1))
    return order


def _response(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}

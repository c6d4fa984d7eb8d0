import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z } from 'zod';

const Order = z.object({
  customer: z.string().min(1),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1),
});

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  const parsed = Order.safeParse(JSON.parse(event.body ?? '{}'));
  if (!parsed.success) {
    console.warn('rejected order', parsed.error.issues.length, 'issues');
    return { statusCode: 400, body: JSON.stringify({ errors: parsed.error.issues.map((i) => i.message) }) };
  }
  const units = parsed.data.items.reduce((sum, item) => sum + item.quantity, 0);
  console.log(`${process.env.GREETING}, ${parsed.data.customer}: ${units} units`);
  return {
    statusCode: 201,
    body: JSON.stringify({ orderId: context.awsRequestId, customer: parsed.data.customer, units }),
  };
};

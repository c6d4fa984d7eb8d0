// The classic CommonJS handler: reads the HTTP API request and greets the caller.
exports.handler = async (event, context) => {
  const name = event?.queryStringParameters?.name ?? 'world';
  console.log(`greeting ${name} from ${context.functionName} (${process.env.STAGE})`);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `Hello, ${name}!`, requestId: context.awsRequestId }),
  };
};

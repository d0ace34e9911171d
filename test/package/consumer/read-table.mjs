// Check (a): a plain Node.js ES module reads the table through recipe-status/queries.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { collectAll, createRecipeStatusQueries } from 'recipe-status/queries';

const [endpoint, tableName] = process.argv.slice(2);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const queries = createRecipeStatusQueries({ client, tableName });

const recipe = await queries.getRecipe('rcp-player-store-17', { consistentRead: true });
const failed = await queries.listOrganizationRecipes('org-acme', { status: 'Failed' });
const history = await queries.getRecipeHistory('rcp-player-store-17');
const rejected = await collectAll((cursor) => queries.listRejected(cursor === undefined ? {} : { cursor }));
console.log(
  JSON.stringify({
    status: recipe?.status,
    eventId: recipe?.eventId,
    failedInAcme: failed.items.map((record) => record.recipeUid),
    history: history.map((record) => record.eventId),
    rejected: rejected.length,
  }),
);
client.destroy();

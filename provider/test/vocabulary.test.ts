// The provider grants READ_ACTIONS and PUBLISH_ACTIONS (src/documents.ts); the policy pack judges
// documents by its own lists (policypack/src/iam.ts). Where the two disagree about what publishes,
// the pack would miss a publish grant the component makes, or take one of its read grants for a
// publish grant. The lists may differ in which reads they name: the pack knows more of them.
import { strict as assert } from "assert";
import * as pack from "../../policypack/src/iam";
import { PUBLISH_ACTIONS, READ_ACTIONS, TOKEN_ACTION } from "../src/documents";

const sortedSet = (xs: readonly string[]) => [...new Set(xs)].sort();
const packRead = new Set<string>(pack.READ_ACTIONS);
const packPublish = new Set<string>(pack.PUBLISH_ACTIONS);

describe("read/publish vocabulary: the provider and the policy pack agree on what publishes", () => {
    it("the provider's publish actions are exactly the pack's", () => {
        assert.deepEqual(sortedSet(PUBLISH_ACTIONS), sortedSet(pack.PUBLISH_ACTIONS));
    });
    it("every action the provider grants to read is a read action to the pack", () => {
        assert.deepEqual(
            READ_ACTIONS.filter((a) => !packRead.has(a)),
            [],
        );
    });
    it("no action the provider grants to read is a publish action to the pack", () => {
        assert.deepEqual(
            READ_ACTIONS.filter((a) => packPublish.has(a)),
            [],
        );
    });
    it("the token action the provider grants every reader is a read action to the pack", () => {
        assert.ok(packRead.has(TOKEN_ACTION) && !packPublish.has(TOKEN_ACTION), TOKEN_ACTION);
    });
});

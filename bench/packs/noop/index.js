// The cheapest pack @pulumi/policy can serve: one resource and one stack policy that never report.
// What it costs is the policy runtime's own (bench/README.md, "policy pack"). Plain JavaScript.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-noop-policies", {
    enforcementLevel: "advisory",
    policies: [
        { name: "noop-resource", description: "Reports nothing.", validateResource: () => {} },
        { name: "noop-stack", description: "Reports nothing.", validateStack: () => {} },
    ],
});

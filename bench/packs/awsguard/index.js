// @pulumi/awsguard 0.3.1 with every policy advisory: `new AwsGuard({ all: "advisory" })`, as its
// README shows. Plain JavaScript so that nothing is transpiled when the pack starts.
//
// awsguard 0.3.1 was written against @pulumi/aws 4 (its package.json asks for ^4.0.0; bench/packs
// pins 7.48.0, the version the stacks use, through `overrides`). Three of the classes it names at
// load time moved in @pulumi/aws 6/7: aws.elasticloadbalancing -> aws.elb, aws.elasticloadbalancingv2 ->
// aws.lb, aws.applicationloadbalancing.LoadBalancer -> aws.alb.LoadBalancer. Without these aliases
// requiring the pack throws a TypeError; with them every awsguard policy runs on today's type tokens.
// None of the bench's stacks has a load balancer, so the aliases change no verdict there.
"use strict";
const aws = require("@pulumi/aws");

if (!aws.elasticloadbalancing) aws.elasticloadbalancing = aws.elb;
if (!aws.elasticloadbalancingv2) aws.elasticloadbalancingv2 = aws.lb;
if (!aws.applicationloadbalancing.LoadBalancer) aws.applicationloadbalancing.LoadBalancer = aws.alb.LoadBalancer;

const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "advisory" });

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>StatsPages</name>
    <message>
        <source>每小时受理与办结（对比同期均值）</source>
        <translation>Accepted and completed per hour (against the usual)</translation>
    </message>
    <message>
        <source>今日受理</source>
        <translation>Accepted today</translation>
    </message>
    <message>
        <source>今日办结</source>
        <translation>Completed today</translation>
    </message>
    <message>
        <source>受理均值</source>
        <translation>Accepted, average</translation>
    </message>
    <message>
        <source>办结均值</source>
        <translation>Completed, average</translation>
    </message>
    <message>
        <source>今日受理 {a} 件，办结 {c} 件；前{w}周同日均值 受理 {aa:.0f} 件，办结 {ca:.0f} 件</source>
        <translation>Today {a} accepted, {c} completed; same weekday over the last {w} weeks: {aa:.0f} accepted, {ca:.0f} completed</translation>
    </message>
    <message>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>{r}  提前 {e}</source>
        <translation>{r}  early {e}</translation>
    </message>
    <message>
        <source>按时办结率（虚线：全市 {c}）</source>
        <translation>On-time completion (dashed: city {c})</translation>
    </message>
    <message>
        <source>本月暂无办结件</source>
        <translation>No case completed this month yet</translation>
    </message>
    <message>
        <source>本月按时办结</source>
        <translation>This month: on time</translation>
    </message>
    <message>
        <source>红榜（前十）</source>
        <translation>Best ten</translation>
    </message>
    <message>
        <source>黑榜（后十）</source>
        <translation>Worst ten</translation>
    </message>
    <message>
        <source>{f} 至 {l}　全市按时办结率 {r}　提前办结率 {e}　办结 {n} 件</source>
        <translation>{f} to {l}   city on time {r}   early {e}   {n} completed</translation>
    </message>
    <message>
        <source>好差评</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>单位（满意率由低到高）</source>
        <translation>Unit (least satisfied first)</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>满意率</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>差评</source>
        <translation>Bad</translation>
    </message>
    <message>
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Rectifying</translation>
    </message>
    <message>
        <source>未整改</source>
        <translation>Not ordered</translation>
    </message>
    <message>
        <source>本月评价 {n} 条，满意率 {r}；差评 {b} 条，未整改 {u} 条</source>
        <translation>{n} ratings this month, {r} satisfied; {b} bad, {u} not rectified</translation>
    </message>
    <message>
        <source>效能投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>问题不查清不放过</source>
        <translation>Facts established</translation>
    </message>
    <message>
        <source>问题不解决不放过</source>
        <translation>Problem solved</translation>
    </message>
    <message>
        <source>整改不落实不放过</source>
        <translation>Rectification done</translation>
    </message>
    <message>
        <source>责任不追究不放过</source>
        <translation>Responsibility pursued</translation>
    </message>
    <message>
        <source>单位（投诉由多到少）</source>
        <translation>Unit (most complaints first)</translation>
    </message>
    <message>
        <source>收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>近30日</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>每日咨询、收件、受理、办结</source>
        <translation>Consultations, received, accepted, completed per day</translation>
    </message>
    <message>
        <source>咨询</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>每日日终超期未办结</source>
        <translation>Open past due at each day's end</translation>
    </message>
    <message>
        <source>{f} 至 {l}：咨询 {q} 件，收件 {r} 件，受理 {a} 件，办结 {c} 件</source>
        <translation>{f} to {l}: {q} consultations, {r} received, {a} accepted, {c} completed</translation>
    </message>
    <message>
        <source>当前超期未办结 {n} 件</source>
        <translation>{n} open past due now</translation>
    </message>
    <message>
        <source>预警提醒</source>
        <translation>Warning notice</translation>
    </message>
    <message>
        <source>黄牌督办</source>
        <translation>Yellow-card escalation</translation>
    </message>
    <message>
        <source>红牌督办</source>
        <translation>Red-card escalation</translation>
    </message>
    <message>
        <source>申诉待审查</source>
        <translation>Appeals pending</translation>
    </message>
    <message>
        <source>申诉成立</source>
        <translation>Appeals upheld</translation>
    </message>
    <message>
        <source>申诉驳回</source>
        <translation>Appeals rejected</translation>
    </message>
    <message>
        <source>督办与申诉</source>
        <translation>Escalations and appeals</translation>
    </message>
    <message>
        <source>单位（督办由多到少）</source>
        <translation>Unit (most escalations first)</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>本月督办 {n} 件：{o}；申诉 {a} 件</source>
        <translation>This month {n} escalations: {o}; {a} appeals</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <source>黄牌</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>红牌</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>在办</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>成立</source>
        <translation>Upheld</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Rejected</translation>
    </message>
</context>
<context>
    <name>ChartsView</name>
    <message>
        <source>实时</source>
        <translation>Live</translation>
    </message>
</context>
</TS>

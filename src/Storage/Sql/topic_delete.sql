DELETE FROM bptl_topic WHERE engine = @engine AND topic = @topic;
